/**
 * Which KServe model format an artifact is, read from its record alone (the
 * Python type and how the harness stored it).
 *
 * The harness saves a value with joblib exactly when it has callable fit()
 * and predict() (`_is_model` in runtime/harness.py); scikit-learn, XGBoost's
 * and LightGBM's scikit-learn APIs all bring joblib along. So a
 * scikit-learn object stored as `pickle` has no predict(): a fitted scaler, a
 * Pipeline ending in a transformer. Only `joblib` artifacts are models.
 *
 * XGBoost and LightGBM: KServe's xgboost and lightgbm runtimes (and
 * MLServer's) load only native booster files (`.bst`, `.json`, `.ubj` from
 * `booster.save_model`), never a pickled XGBClassifier or LGBMClassifier, and
 * they answer raw booster outputs. The runtime that loads a joblib file and
 * calls the scikit-learn API is the sklearn one, so these models are declared
 * `sklearn`, with a note: KServe's stock sklearn image has neither xgboost
 * nor lightgbm, and recent releases refuse to unpickle classes outside
 * scikit-learn, numpy, scipy, pandas and joblib unless
 * KSERVE_ALLOW_UNSAFE_DESERIALIZATION=true. They need a ServingRuntime whose
 * image has the library, or Cellpipe's model server in such an image.
 * `xgboost` and `lightgbm` stay valid format names for booster files.
 *
 * No `version`: the record does not say which library version wrote the
 * model, and without one KServe picks any runtime that serves the name.
 */

export type ModelFormatName = 'sklearn' | 'xgboost' | 'lightgbm';

export interface IModelFormat {
  name: ModelFormatName;
  version?: string;
}

/** The fields of an artifact record the inference reads. */
export interface IModelArtifact {
  name: string;
  /** `sklearn.linear_model._logistic.LogisticRegression`; builtins are bare (`dict`). */
  type: string;
  format: string;
}

export type ModelFormatInference =
  | {
      ok: true;
      /** What to declare as `modelFormat` to KServe. */
      format: IModelFormat;
      /** The library the model's class comes from: the serving image needs it. */
      library: ModelFormatName;
      /** A caveat to show before deploying on KServe. */
      note?: string;
    }
  | { ok: false; reason: string };

/** Formats the harness uses for data, never for a model. */
const DATA_FORMATS: Record<string, (a: IModelArtifact) => string> = {
  npy: () => 'a numpy array (npy)',
  'pandas-pickle': a => `a pandas ${shortType(a.type)} (pandas-pickle)`,
  bytes: () => 'bytes',
  module: () => 'an imported module'
};

const LIBRARIES: Record<string, ModelFormatName> = {
  sklearn: 'sklearn',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm'
};

const LIBRARY_NAMES: Record<ModelFormatName, string> = {
  sklearn: 'scikit-learn',
  xgboost: 'XGBoost',
  lightgbm: 'LightGBM'
};

export function inferModelFormat(
  artifact: IModelArtifact
): ModelFormatInference {
  const quoted = `"${artifact.name}"`;
  const data = DATA_FORMATS[artifact.format];
  if (data) {
    return notModel(`${quoted} is ${data(artifact)}, not a model`);
  }
  const builtin = builtinType(artifact.type);
  if (builtin) {
    return notModel(`${quoted} is ${withArticle(builtin)}, not a model`);
  }
  if (artifact.format !== 'joblib') {
    return notModel(
      `${quoted} is ${withArticle(artifact.type)} saved as ${artifact.format}, ` +
        'not a model: ' +
        'Cellpipe saves objects with fit() and predict() as models (joblib)'
    );
  }
  return byLibrary(artifact, quoted);
}

/** For the UI: offer Deploy only on what inferModelFormat accepts. */
export function isDeployable(artifact: IModelArtifact): boolean {
  return inferModelFormat(artifact).ok;
}

function byLibrary(
  artifact: IModelArtifact,
  quoted: string
): ModelFormatInference {
  const root = artifact.type.split('.')[0];
  if (root === '__main__') {
    return notModel(
      `${quoted} is ${withArticle(artifact.type)}, a class defined in the notebook: ` +
        'a server cannot import it (define it in a module the serving image has)'
    );
  }
  const library = LIBRARIES[root];
  if (!library) {
    return notModel(
      `${quoted} is ${withArticle(artifact.type)}; Cellpipe deploys scikit-learn, ` +
        'XGBoost and LightGBM models'
    );
  }
  if (library === 'sklearn') {
    return { ok: true, format: { name: 'sklearn' }, library };
  }
  const lib = LIBRARY_NAMES[library];
  return {
    ok: true,
    format: { name: 'sklearn' },
    library,
    note:
      `served by the scikit-learn runtime (KServe's ${lib} runtime reads only ` +
      `booster files): its image needs ${root}, and KServe must be allowed to ` +
      'unpickle it (KSERVE_ALLOW_UNSAFE_DESERIALIZATION=true)'
  };
}

function notModel(reason: string): ModelFormatInference {
  return { ok: false, reason };
}

/** `dict` or `builtins.dict` → `dict`; anything from a module → null. */
function builtinType(type: string): string | null {
  if (type.startsWith('builtins.')) {
    return type.slice('builtins.'.length);
  }
  return type.includes('.') ? null : type;
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
