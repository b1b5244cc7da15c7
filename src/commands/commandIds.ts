/** Every Cellpipe command id, so menus in `schema/` and code agree. */
export const CommandIds = {
  openPanel: 'cellpipe:open-panel',
  reconnectServer: 'cellpipe:reconnect-server',
  makeStep: 'cellpipe:make-step'
} as const;
