/**
 * Child process of the crash-safety test: appends access-log entries to the LevelDB log in the
 * directory given as argument, from many concurrent callers, and prints "<index> <leaf hash hex>"
 * for each acknowledged append until it is killed.
 */
import { randomBytes } from "node:crypto";
import { encodeEntry, rfc6962Sha256 } from "../../../server/log";
import { createGroupCommitAppender, createLevelLogStore } from "../../../server/storage";
import { SAMPLE_ENTRY } from "../log/fixtures/entries";

const CALLERS = 64;

async function main(dir: string): Promise<void> {
  const store = await createLevelLogStore(dir, { hasher: rfc6962Sha256 });
  const appender = createGroupCommitAppender(store);
  const caller = async (): Promise<never> => {
    for (;;) {
      const entry = encodeEntry({ ...SAMPLE_ENTRY, requestDigest: randomBytes(32).toString("hex") });
      const { index, leafHash } = await appender.append(entry);
      // Writes to a pipe are synchronous on Linux: once this returns, the parent can read the line.
      process.stdout.write(`${index} ${Buffer.from(leafHash).toString("hex")}\n`);
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
}

// Only when run as the child process: a test runner that loads every file under test/ must not start it.
if (require.main === module) {
  main(process.argv[2]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
