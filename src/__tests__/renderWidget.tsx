import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

/*
 * Test fixture: renders React elements the way the panel and dialogs do (in
 * a ReactWidget attached to the document) and disposes them after each test.
 */

// React 18 flushes renders and effects inside act() only when told it is a test.
(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: Widget[] = [];

export async function render(element: JSX.Element): Promise<HTMLElement> {
  const widget = ReactWidget.create(element);
  await React.act(async () => {
    Widget.attach(widget, document.body);
    await widget.renderPromise;
  });
  mounted.push(widget);
  return widget.node;
}

afterEach(() => {
  React.act(() => mounted.splice(0).forEach(w => w.dispose()));
});
