import { formatCheckpoint, generateNoteKey, parseCheckpoint, parseNote, parseSignerKey, signNote } from "../../server/log";
import type { ProofBundle } from "../../server/log/bundle";

/**
 * What a node that lies about its checkpoint key serves: the same bundle, its checkpoint re-signed by
 * another key of the same name, and that key as the bundle's verifierKey. Offline it verifies; only
 * the key the chain registers for the log tells it apart.
 */
export function bundleSignedByAnotherKey(bundle: ProofBundle): { bundle: ProofBundle; verifierKey: string } {
  const liar = generateNoteKey(bundle.origin);
  const checkpoint = parseCheckpoint(parseNote(bundle.checkpoint).text, 32);
  const resigned = signNote(formatCheckpoint(checkpoint), [parseSignerKey(liar.signerKey)]);
  return { bundle: { ...bundle, checkpoint: resigned, verifierKey: liar.verifierKey }, verifierKey: liar.verifierKey };
}
