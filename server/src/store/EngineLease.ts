import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { join } from 'node:path';

/**
 * Several engines may share one `$CELLPIPE_HOME` (the Jupyter server and a
 * `cellpipe run` in a terminal). Each holds a lease file naming its process;
 * crash recovery only runs when no other live engine holds one, so a new
 * engine never fails the runs another live engine is still running.
 */
export class EngineLease {
  private constructor(
    private readonly file: string,
    /** True when another live engine uses the same home. */
    readonly othersAlive: boolean
  ) {}

  static acquire(home: string): EngineLease {
    const dir = join(home, 'engines');
    mkdirSync(dir, { recursive: true });
    let othersAlive = false;
    for (const name of readdirSync(dir)) {
      const match = /^(\d+)-(\d+)$/.exec(name);
      if (match && isAlive(Number(match[1]), match[2])) {
        othersAlive = true;
      } else {
        rmSync(join(dir, name), { force: true });
      }
    }
    const file = join(dir, `${process.pid}-${startTime(process.pid)}`);
    writeFileSync(file, `${process.pid}\n`);
    return new EngineLease(file, othersAlive);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

/** The kernel's start time of a process (field 22 of /proc/PID/stat): pid + start time names one process. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '0';
  } catch {
    return '0';
  }
}

function isAlive(pid: number, started: string): boolean {
  return pid !== process.pid && startTime(pid) === started;
}
