/**
 * A progress bar on stderr for the command-line tools (reindex, import): one
 * line redrawn in place on a terminal, a line per tenth otherwise (logs).
 */
export function progressBar(label = ''): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `${label}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}`);
      if (done >= total) process.stderr.write('\n');
    } else if (Math.floor(percent / 10) !== lastTenth || done >= total) {
      lastTenth = Math.floor(percent / 10);
      process.stderr.write(`${line}\n`);
    }
  };
}
