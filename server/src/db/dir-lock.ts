import fs from 'node:fs';

/** The embedded database is already open in another live process. */
export class DirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database at ${dir} is in use by process ${pid}; ` +
        'stop that process first (only one process may open it at a time)',
    );
    this.name = 'DirectoryLockedError';
  }
}

/** Who holds a lock: a pid alone is not enough, pids are reused. */
interface LockRecord {
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22). */
  startTime?: string | undefined;
  /** The kernel's boot id: a lock from before a reboot is stale whatever its pid. */
  bootId?: string | undefined;
}

/** Lock files held by this process, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Takes an exclusive, process-level lock on a directory by creating
 * `<dir>.lock` naming the holder. PGlite has no locking of its own and two
 * processes writing one data directory corrupt it. Returns the function that
 * releases it.
 *
 * Why a lock file checked this way: Node has no flock() without a native
 * addon, and PGlite takes no lock of its own; a lock file refreshed by mtime
 * (proper-lockfile) would need a timer and refuse restarts until it ages out.
 * After a hard kill the file stays, so whether its holder still runs is
 * decided by more than the pid, which is reused: in a container the server is
 * PID 1 on every start, and any pid comes back eventually. The record holds
 * the pid, that process's start time and the boot id (Linux /proc). It is
 * stale, and taken over, when it names our own pid (we are not holding it:
 * a restarted container), when that pid is not running, when the process now
 * running under that pid started at another time (a reused pid), or when the
 * machine has rebooted since. Elsewhere (no /proc) only the pid is checked.
 */
export function lockDirectory(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  if (heldHere.has(lockFile)) throw new DirectoryLockedError(dir, process.pid);
  const ours = recordOf(process.pid);
  const content = JSON.stringify(ours);
  for (;;) {
    try {
      fs.writeFileSync(lockFile, content, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readRecord(lockFile);
      if (holder && holdsLock(holder)) throw new DirectoryLockedError(dir, holder.pid);
      fs.rmSync(lockFile, { force: true });
    }
  }
  heldHere.add(lockFile);
  return () => {
    heldHere.delete(lockFile);
    try {
      if (fs.readFileSync(lockFile, 'utf8') === content) fs.rmSync(lockFile);
    } catch {
      // Already gone.
    }
  };
}

/**
 * The pid of the live process holding `dir`'s lock, if any (by the same
 * rules that decide whether a lock is stale).
 */
export function lockHolder(dir: string): number | undefined {
  const record = readRecord(`${dir}.lock`);
  return record && holdsLock(record) ? record.pid : undefined;
}

function readRecord(lockFile: string): LockRecord | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(lockFile, 'utf8').trim();
  } catch {
    return undefined; // removed in between: try again
  }
  // Older versions wrote the bare pid.
  if (/^\d+$/.test(raw)) return { pid: Number(raw) };
  try {
    const parsed = JSON.parse(raw) as LockRecord;
    return Number.isInteger(parsed.pid) ? parsed : undefined;
  } catch {
    return undefined; // unreadable: a crash while writing it
  }
}

/** Whether the process named by the record is alive and is the one that wrote it. */
function holdsLock(record: LockRecord): boolean {
  if (record.pid === process.pid || record.pid <= 0) return false;
  if (!isAlive(record.pid)) return false;
  const now = recordOf(record.pid);
  if (record.bootId && now.bootId && record.bootId !== now.bootId) return false;
  if (record.startTime && now.startTime && record.startTime !== now.startTime) return false;
  return true;
}

function recordOf(pid: number): LockRecord {
  return { pid, startTime: startTimeOf(pid), bootId: bootId() };
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // field 3 is fields[0]
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
