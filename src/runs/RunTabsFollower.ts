import type { WidgetTracker } from '@jupyterlab/apputils';
import type { IDisposable } from '@lumino/disposable';

import type { ICellpipe, IEventEnvelope } from '../tokens';
import { tabToFollow } from './runFollowing';
import type { RunWidget } from './RunWidget';

/**
 * Moves open run tabs on to their notebook's new runs (`run.created` on the
 * runs channel), so a tab never stays on an older run unless it is pinned.
 */
export class RunTabsFollower implements IDisposable {
  constructor(
    cellpipe: Pick<ICellpipe, 'follow'>,
    private readonly _tracker: WidgetTracker<RunWidget>
  ) {
    this._follow = cellpipe.follow('runs', e => this._onEvent(e));
  }

  get isDisposed(): boolean {
    return this._follow.isDisposed;
  }

  dispose(): void {
    this._follow.dispose();
  }

  /** Shows `run` in the tab that follows its notebook; false when none does. */
  moveTab(run: { id: string; notebookPath: string | null }): boolean {
    const tabs = this._tabsByUse();
    const i = tabToFollow(
      tabs.map(w => w.content.tabState),
      run
    );
    if (i < 0) {
      return false;
    }
    tabs[i].content.showRun(run.id);
    void this._tracker.save(tabs[i]);
    return true;
  }

  private _onEvent({ event }: IEventEnvelope): void {
    if (event.type === 'run.created') {
      this.moveTab(event.run);
    }
  }

  private readonly _follow: IDisposable;

  /** Open run tabs, the current (last used) one first. */
  private _tabsByUse(): RunWidget[] {
    const tabs: RunWidget[] = [];
    this._tracker.forEach(w => {
      tabs.push(w);
    });
    const current = this._tracker.currentWidget;
    return current ? [current, ...tabs.filter(w => w !== current)] : tabs;
  }
}
