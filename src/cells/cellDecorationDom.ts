import type { IProblem } from '../tokens';
import { STATUS_LABEL } from '../ui/statusText';
import type { ICellDecoration } from './decorations';
import {
  chipStatusText,
  errorView,
  formatMetric,
  ROLE_LABELS
} from './decorationText';

/**
 * DOM of the cell decorations: the step chip above the first cell of a step,
 * and the details under a cell's input (problems, the error of a failed cell).
 * Built from plain data; nothing here touches the notebook model.
 */

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
let nextId = 0;

function el(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function renderRoleChip(host: HTMLElement, d: ICellDecoration): void {
  const [name, meaning] = ROLE_LABELS[d.role!];
  const chip = el('span', 'jp-cellpipe-Chip jp-cellpipe-Chip-role');
  chip.title = `Pipeline ${name}: ${meaning}`;
  chip.setAttribute('aria-label', chip.title);
  chip.appendChild(el('span', 'jp-cellpipe-Chip-name', name));
  chip.appendChild(el('span', 'jp-cellpipe-Chip-status', meaning));
  host.replaceChildren(chip);
}

/** Fills `host` with the chip of a step's (or a role region's) first cell. */
export function renderChip(
  host: HTMLElement,
  d: ICellDecoration,
  now: number
): void {
  if (d.role) {
    renderRoleChip(host, d);
    return;
  }
  const status = d.status ?? 'idle';
  const chip = el('span', `jp-cellpipe-Chip jp-cellpipe-Chip-${status}`);
  const label = d.status ? STATUS_LABEL[d.status] : 'not run yet';
  const stale =
    d.editedCell !== null
      ? `Status from before the edit of cell ${d.editedCell + 1}: run again to update it`
      : null;
  chip.classList.toggle('jp-cellpipe-Chip-stale', stale !== null);
  chip.title = [`Pipeline step "${d.step}": ${label}`, stale, d.reason]
    .filter(Boolean)
    .join('\n');
  chip.setAttribute('aria-label', chip.title);
  chip.appendChild(el('span', 'jp-cellpipe-Chip-marker'));
  chip.appendChild(el('span', 'jp-cellpipe-Chip-name', d.step ?? ''));
  const text = chipStatusText(d, now);
  if (text) {
    const statusNode = el('span', 'jp-cellpipe-Chip-status', text);
    if (d.status === 'running' && d.startedAt) {
      statusNode.dataset.startedAt = d.startedAt;
    }
    chip.appendChild(statusNode);
  }
  if (stale) {
    chip.appendChild(el('span', 'jp-cellpipe-Chip-edited', 'before edit'));
  }
  for (const m of d.metrics) {
    chip.appendChild(
      el(
        'span',
        'jp-cellpipe-Chip-metric',
        `${m.name} ${formatMetric(m.value)}`
      )
    );
  }
  host.replaceChildren(chip);
}

/** Updates the elapsed time of running chips under `root`. */
export function tickChips(root: HTMLElement, now: number): void {
  root
    .querySelectorAll<HTMLElement>('.jp-cellpipe-Chip-status[data-started-at]')
    .forEach(node => {
      node.textContent = chipStatusText(
        {
          status: 'running',
          startedAt: node.dataset.startedAt ?? null
        } as ICellDecoration,
        now
      );
    });
}

function renderProblem(p: IProblem): HTMLElement {
  const item = el(
    'li',
    `jp-cellpipe-CellProblem jp-cellpipe-CellProblem-${p.severity}`
  );
  item.appendChild(
    el(
      'span',
      'jp-cellpipe-CellProblem-severity',
      p.severity === 'error' ? 'Error' : 'Warning'
    )
  );
  const where = p.line ? ` (line ${p.line})` : '';
  item.appendChild(
    el('span', 'jp-cellpipe-CellProblem-message', p.message + where)
  );
  return item;
}

function renderError(
  d: ICellDecoration,
  source: string,
  expanded: boolean,
  onToggle: (expanded: boolean) => void
): HTMLElement {
  const view = errorView(d.error!, source);
  const box = el('div', 'jp-cellpipe-CellError');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', `Step ${d.step ?? ''} failed here`);
  box.appendChild(el('div', 'jp-cellpipe-CellError-headline', view.headline));
  if (view.location) {
    box.appendChild(
      el('code', 'jp-cellpipe-CellError-location', view.location)
    );
  }
  if (view.traceback) {
    const pre = el(
      'pre',
      'jp-cellpipe-CellError-traceback',
      view.traceback.replace(ANSI, '')
    );
    pre.id = `jp-cellpipe-traceback-${++nextId}`;
    pre.hidden = !expanded;
    const button = el(
      'button',
      'jp-cellpipe-CellError-toggle',
      expanded ? 'Hide traceback' : 'Show traceback'
    ) as HTMLButtonElement;
    button.type = 'button';
    button.setAttribute('aria-expanded', String(expanded));
    button.setAttribute('aria-controls', pre.id);
    // Enter and Space act on the button, not as notebook shortcuts.
    button.setAttribute('data-lm-suppress-shortcuts', 'true');
    button.addEventListener('click', () => {
      const open = pre.hidden;
      pre.hidden = !open;
      button.textContent = open ? 'Hide traceback' : 'Show traceback';
      button.setAttribute('aria-expanded', String(open));
      onToggle(open);
    });
    box.appendChild(button);
    box.appendChild(pre);
  }
  return box;
}

/** Fills `host` with a cell's problems and error. */
export function renderDetails(
  host: HTMLElement,
  d: ICellDecoration,
  source: string,
  expanded: boolean,
  onToggle: (expanded: boolean) => void
): void {
  const children: HTMLElement[] = [];
  if (d.problems.length > 0) {
    const list = el('ul', 'jp-cellpipe-CellProblems');
    list.setAttribute('aria-label', 'Pipeline problems of this cell');
    d.problems.forEach(p => list.appendChild(renderProblem(p)));
    children.push(list);
  }
  if (d.error) {
    children.push(renderError(d, source, expanded, onToggle));
  }
  host.replaceChildren(...children);
}
