import { AnsiUp } from 'ansi_up';

import type { ILogLine } from '../tokens';

/**
 * ANSI-coloured log lines as HTML (escaped, with JupyterLab's `ansi-*`
 * classes so the theme picks the colours). Colours carry over from line
 * to line as on a terminal, so each step has its own converter and lines
 * are converted once, in order, and remembered.
 */
export class AnsiHtml {
  html(line: ILogLine): string {
    let html = this._cache.get(line);
    if (html === undefined) {
      html = this._converter(line.step).ansi_to_html(line.line);
      this._cache.set(line, html);
    }
    return html;
  }

  private _converter(step: string): AnsiUp {
    let converter = this._converters.get(step);
    if (!converter) {
      converter = new AnsiUp();
      converter.use_classes = true;
      converter.escape_html = true;
      this._converters.set(step, converter);
    }
    return converter;
  }

  private readonly _cache = new WeakMap<ILogLine, string>();
  private readonly _converters = new Map<string, AnsiUp>();
}
