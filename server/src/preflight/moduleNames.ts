/**
 * Import names whose pip distribution is named otherwise: what to
 * `pip install` for a missing module. A small table of the usual ones;
 * any other module is suggested under its own name.
 */
const DISTRIBUTIONS: Readonly<Record<string, string>> = {
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  PIL: 'pillow',
  yaml: 'pyyaml',
  skimage: 'scikit-image',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  attr: 'attrs',
  Crypto: 'pycryptodome',
  jwt: 'pyjwt',
  serial: 'pyserial',
  usb: 'pyusb',
  magic: 'python-magic',
  docx: 'python-docx',
  pptx: 'python-pptx',
  mpl_toolkits: 'matplotlib',
  OpenSSL: 'pyopenssl',
  git: 'gitpython',
  psycopg2: 'psycopg2-binary',
  MySQLdb: 'mysqlclient',
  zmq: 'pyzmq',
  Levenshtein: 'python-Levenshtein'
};

/** `sklearn` -> `scikit-learn`. */
export function distributionOf(module: string): string {
  return DISTRIBUTIONS[module] ?? module.replace(/_/g, '-');
}

/** pip's normal form of a requirement's name (`Scikit_Learn>=1` -> `scikit-learn`). */
export function requirementName(requirement: string): string {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement)?.[0] ?? '';
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** True when one of the step's `packages` installs the module (by the table or its own name). */
export function providedBy(
  module: string,
  packages: readonly string[]
): boolean {
  const wanted = requirementName(distributionOf(module));
  return packages.some(p => requirementName(p) === wanted);
}
