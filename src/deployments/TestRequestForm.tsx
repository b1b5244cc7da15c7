import * as React from 'react';

import type { IDeployment, IModelInput } from '../tokens';
import {
  exampleRequestText,
  PROTOCOL_LABEL,
  PROTOCOL_TITLE,
  sampleFeatures,
  sampleRow,
  summarizeOutcome,
  type Protocol,
  type TestOutcome
} from './testRequest';

export interface ITestRequestFormProps {
  deployment: IDeployment;
  /** Runs `cellpipe:send-test-request`. */
  onSend: (protocol: Protocol, text: string) => Promise<TestOutcome>;
}

function inputsText(inputs: readonly IModelInput[] | null): string {
  if (!inputs || inputs.length === 0) {
    return 'The model server has not said what the model takes: edit the example to match its features.';
  }
  const each = inputs.map(
    i => `${i.name}: ${i.datatype} [${i.shape.join(', ')}]`
  );
  return `Takes ${each.join('; ')} (-1: any number of rows).`;
}

/** The form's state: the protocol, the text (the example until edited), the last outcome. */
function useTestRequest(
  deployment: IDeployment,
  onSend: ITestRequestFormProps['onSend']
) {
  const [protocol, setProtocol] = React.useState<Protocol>('v1');
  const sample = deployment.model.sample;
  const [text, setText] = React.useState(() =>
    exampleRequestText(deployment.inputs, 'v1', sample)
  );
  const [edited, setEdited] = React.useState(false);
  const [outcome, setOutcome] = React.useState<TestOutcome | null>(null);
  const [sending, setSending] = React.useState(false);
  // An untouched example follows the protocol and the inputs once reported.
  const inputsKey = JSON.stringify([deployment.inputs, sample]);
  React.useEffect(() => {
    if (!edited) {
      setText(exampleRequestText(deployment.inputs, protocol, sample));
    }
  }, [inputsKey, protocol, edited]);
  const send = async () => {
    setSending(true);
    try {
      setOutcome(await onSend(protocol, text));
    } finally {
      setSending(false);
    }
  };
  const edit = (value: string) => {
    setText(value);
    setEdited(true);
  };
  const reset = () => setEdited(false);
  return {
    protocol,
    setProtocol,
    text,
    edit,
    edited,
    reset,
    outcome,
    sending,
    send
  };
}

/** A ready deployment's test request: protocol, JSON body, Send, and the answer. */
export function TestRequestForm(props: ITestRequestFormProps): JSX.Element {
  const form = useTestRequest(props.deployment, props.onSend);
  const id = React.useId();
  return (
    <div className="jp-cellpipe-TestRequest">
      <ProtocolChoice
        id={`${id}-protocol`}
        value={form.protocol}
        onChange={form.setProtocol}
        onReset={form.edited ? form.reset : null}
      />
      <label htmlFor={`${id}-body`} className="jp-cellpipe-VisuallyHidden">
        Request body (JSON)
      </label>
      <textarea
        id={`${id}-body`}
        className="jp-mod-styled jp-cellpipe-TestRequest-body"
        spellCheck={false}
        rows={Math.min(12, Math.max(4, form.text.split('\n').length))}
        value={form.text}
        aria-describedby={`${id}-hint`}
        onChange={e => form.edit(e.currentTarget.value)}
      />
      <p id={`${id}-hint`} className="jp-cellpipe-TestRequest-hint">
        {inputsText(props.deployment.inputs)}
      </p>
      <SampleFeatures deployment={props.deployment} />
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept jp-cellpipe-TestRequest-send"
        disabled={form.sending}
        onClick={() => void form.send()}
      >
        {form.sending ? 'Sending…' : 'Send'}
      </button>
      <TestResponse outcome={form.outcome} />
    </div>
  );
}

/** Where the example's values come from, and each feature's name and value. */
function SampleFeatures(props: {
  deployment: IDeployment;
}): JSX.Element | null {
  const { inputs, model } = props.deployment;
  const features = sampleFeatures(inputs, model.sample);
  if (features.length === 0) {
    return null;
  }
  const filled = sampleRow(inputs, model.sample) !== null;
  const source = model.sample?.source;
  return (
    <div className="jp-cellpipe-TestRequest-features">
      <p className="jp-cellpipe-TestRequest-featuresSource">
        {filled
          ? `Filled in with the first row of ${source ?? 'the training data'}, as the step saved it:`
          : 'The features, in the order the model takes them:'}
      </p>
      <ol className="jp-cellpipe-TestRequest-featureList">
        {features.map((f, i) => (
          <li key={i} className="jp-cellpipe-TestRequest-feature">
            <span className="jp-cellpipe-TestRequest-featureName">
              {f.name}
            </span>
            {f.value !== null ? (
              <span className="jp-cellpipe-TestRequest-featureValue">
                {String(f.value)}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** V1 or V2; "Use the example" once the text was edited. */
function ProtocolChoice(props: {
  id: string;
  value: Protocol;
  onChange: (protocol: Protocol) => void;
  onReset: (() => void) | null;
}): JSX.Element {
  return (
    <div className="jp-cellpipe-TestRequest-controls">
      <label htmlFor={props.id}>Protocol</label>
      <select
        id={props.id}
        className="jp-mod-styled jp-cellpipe-TestRequest-protocol"
        value={props.value}
        onChange={e => props.onChange(e.currentTarget.value as Protocol)}
      >
        {(['v1', 'v2'] as const).map(p => (
          <option key={p} value={p} title={PROTOCOL_TITLE[p]}>
            {PROTOCOL_LABEL[p]}
          </option>
        ))}
      </select>
      {props.onReset ? (
        <button
          type="button"
          className="jp-cellpipe-TextButton jp-cellpipe-TestRequest-reset"
          onClick={props.onReset}
        >
          Use the example
        </button>
      ) : null}
    </div>
  );
}

/** The answer: status and latency, the refusal's reason, the body as pretty JSON. */
export function TestResponse(props: {
  outcome: TestOutcome | null;
}): JSX.Element {
  const summary = props.outcome ? summarizeOutcome(props.outcome) : null;
  return (
    <div
      className="jp-cellpipe-TestResponse"
      data-tone={summary?.tone}
      role="status"
      aria-live="polite"
    >
      {summary ? (
        <>
          <div className="jp-cellpipe-TestResponse-status">
            {summary.headline}
          </div>
          {summary.message ? (
            <p className="jp-cellpipe-TestResponse-message">
              The model refused the request: {summary.message}
            </p>
          ) : null}
          {summary.body ? (
            <pre className="jp-cellpipe-TestResponse-body">{summary.body}</pre>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
