import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { Token } from '@lumino/coreutils';

import plugins, { ICellpipe } from '../index';

/*
 * The plugins are wired by tokens alone: every Cellpipe token a plugin
 * requires is provided by exactly one Cellpipe plugin, and nothing depends
 * on itself through others (JupyterLab would refuse to start such a set).
 */

type Plugin = JupyterFrontEndPlugin<unknown>;

function ours(token: Token<unknown>): boolean {
  return token.name.startsWith('cellpipe:');
}

const all = plugins as Plugin[];

function providerOf(token: Token<unknown>): Plugin | undefined {
  return all.find(p => p.provides === token);
}

describe('the Cellpipe plugins', () => {
  it('have unique ids of the form cellpipe:<name>', () => {
    const ids = all.map(p => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach(id => expect(id).toMatch(/^cellpipe:[a-z]+(-[a-z]+)*$/));
  });

  it('keep the id whose settings users have', () => {
    expect(all.map(p => p.id)).toContain('cellpipe:core');
  });

  it('provide each Cellpipe token once', () => {
    const provided = all.flatMap(p => (p.provides ? [p.provides.name] : []));
    expect(new Set(provided).size).toBe(provided.length);
    expect(providerOf(ICellpipe)?.id).toBe('cellpipe:core');
  });

  it('require only Cellpipe tokens that a Cellpipe plugin provides', () => {
    for (const plugin of all) {
      for (const token of [
        ...(plugin.requires ?? []),
        ...(plugin.optional ?? [])
      ]) {
        if (ours(token)) {
          expect([plugin.id, token.name, providerOf(token)?.id]).toEqual([
            plugin.id,
            token.name,
            expect.any(String)
          ]);
        }
      }
    }
  });

  it('do not depend on themselves', () => {
    const dependsOn = (plugin: Plugin, seen: Set<string>): boolean =>
      (plugin.requires ?? []).filter(ours).some(token => {
        const provider = providerOf(token)!;
        if (provider.id === [...seen][0]) {
          return true;
        }
        if (seen.has(provider.id)) {
          return false;
        }
        seen.add(provider.id);
        return dependsOn(provider, seen);
      });
    for (const plugin of all) {
      expect([plugin.id, dependsOn(plugin, new Set([plugin.id]))]).toEqual([
        plugin.id,
        false
      ]);
    }
  });
});
