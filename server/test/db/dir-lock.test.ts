import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DirectoryLockedError, lockDirectory } from '../../src/db/dir-lock.js';
import { REPO_ROOT } from '../../../scripts/lib/spawn-app.js';

let dir: string;
let lockFile: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-lock-'));
  dir = path.join(parent, 'pglite');
  lockFile = `${dir}.lock`;
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** Field 22 of /proc/<pid>/stat (proc(5)). */
const startTimeOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};
const bootId = () => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

describe('the embedded database directory lock', () => {
  it('takes over a lock left by a hard-killed server that had our own pid (a restarted container is PID 1 again)', () => {
    // What a killed PID 1 leaves behind, in the bare-pid form and in the full record.
    for (const content of [
      String(process.pid),
      JSON.stringify({ pid: process.pid, startTime: '1', bootId: bootId() }),
    ]) {
      fs.writeFileSync(lockFile, content);
      const unlock = lockDirectory(dir);
      expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
      unlock();
      expect(fs.existsSync(lockFile)).toBe(false);
    }
  });

  it('takes over a lock naming a live but unrelated process that reused the pid', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await once(sleeper, 'spawn');
    // Had that process written the lock, it would hold it…
    const record = { pid: sleeper.pid, startTime: startTimeOf(sleeper.pid!), bootId: bootId() };
    fs.writeFileSync(lockFile, JSON.stringify(record));
    expect(() => lockDirectory(dir)).toThrow(DirectoryLockedError);
    // …but the dead server's record names a process started at another time.
    fs.writeFileSync(lockFile, JSON.stringify({ ...record, startTime: '12345' }));
    const unlock = lockDirectory(dir);
    unlock();
  });

  it('takes over a lock written before a reboot', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await once(sleeper, 'spawn');
    fs.writeFileSync(
      lockFile,
      JSON.stringify({
        pid: sleeper.pid,
        startTime: startTimeOf(sleeper.pid!),
        bootId: 'another-boot',
      }),
    );
    lockDirectory(dir)();
  });

  it('refuses while another running process holds it, and a second open in this process', async () => {
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { lockDirectory } from './server/src/db/dir-lock.ts';
         lockDirectory(${JSON.stringify(dir)});
         console.log('locked');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) =>
      holder.stdout!.on('data', (chunk: Buffer) => chunk.includes('locked') && resolve()),
    );
    expect(() => lockDirectory(dir)).toThrow(new DirectoryLockedError(dir, holder.pid!).message);

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    // Killed without releasing: the lock is stale now and taken over.
    const unlock = lockDirectory(dir);
    expect(() => lockDirectory(dir)).toThrow(DirectoryLockedError);
    unlock();
  });
});
