/**
 * A progress line on stderr for long transfers (exports, dataset uploads): a bar when the size is known, a
 * counter otherwise; redrawn at most 10 times a second on a terminal, printed once at the end elsewhere.
 */
export type Progress = (bytes: number, what: string, done?: boolean) => void;

export function progressBar(total: number): Progress {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (bytes, what, done = false) => {
    const now = Date.now();
    if (!done && now - last < 100) return;
    last = now;
    let text: string;
    if (total > 0) {
      const share = Math.min(1, bytes / total);
      const width = 30;
      const full = Math.round(share * width);
      text = `[${"#".repeat(full)}${".".repeat(width - full)}] ${Math.round(share * 100)}%  ${what}`;
    } else {
      text = `${what}, ${(bytes / 1024).toFixed(1)} KiB`;
    }
    if (tty) process.stderr.write(`\r${text}${done ? "\n" : ""}`);
    else if (done) process.stderr.write(`${text}\n`);
  };
}
