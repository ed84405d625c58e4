import { readFileSync } from 'node:fs';
import { type PublicKey, parseSignature, verifySignature } from '../domain/crypto.ts';
import { parseCommand } from '../server/command.ts';

const USAGE = `
usage: npm run verify -- FILE SIGNATURE [--key KEY]

Checks a file the hub signed: a frozen monthly report (FILE the .xlsx or .csv, SIGNATURE the .sig beside it, from
the report's xlsxSignaturePath or csvSignaturePath) or a published exposure entry (FILE its signedContent saved as it
is, SIGNATURE its signature object or the JSON Feed item's _signature).
KEY is the hub's public key: a PEM file (GET /keys/signing.pem or /keys/<keyId>.pem), the list GET /keys/signing.json,
or the http(s) URL of either; http://127.0.0.1:4000/keys/signing.json (the hub on this machine) unless given.
Exit code 0 when the signature holds, 1 when it does not, 2 for a usage or file problem. Nothing but KEY is contacted.
`;
const { values, positionals } = parseCommand(USAGE, { key: { type: 'string', short: 'k' } });
const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};
if (positionals.length !== 2) fail('FILE and SIGNATURE are needed, and nothing else');
const [file, signatureFile] = positionals;
const keySource = values.key ?? 'http://127.0.0.1:4000/keys/signing.json';
const read = (path: string) => {
  try {
    return readFileSync(path);
  } catch (error) {
    return fail(`${path}: ${(error as Error).message}`);
  }
};
const bytes = read(file);
const signature = parseSignature(read(signatureFile).toString('utf8'));
if (!signature) fail(`${signatureFile} is not a signature the hub makes (algorithm, keyId, signature)`);
const keyText = /^https?:\/\//.test(keySource)
  ? await fetch(keySource).then(
      (r) => (r.ok ? r.text() : fail(`${keySource}: HTTP ${r.status}`)),
      (error: Error) => fail(`${keySource}: ${error.message}`),
    )
  : read(keySource).toString('utf8');
const keys: PublicKey[] = keyText.trim().startsWith('{')
  ? (JSON.parse(keyText) as { keys: PublicKey[] }).keys
  : [{ algorithm: signature!.algorithm, keyId: signature!.keyId, pem: keyText }];
const key = keys.find((k) => k.keyId === signature!.keyId);
if (!key) fail(`the signature names key ${signature!.keyId}, which ${keySource} does not hold`);
if (verifySignature(bytes, signature!, key!.pem)) {
  console.log(`OK: ${file} is signed by the hub's key ${signature!.keyId} (${signature!.algorithm})`);
} else {
  console.error(
    `NOT VERIFIED: ${file} does not match the signature in ${signatureFile} (key ${signature!.keyId}, ${signature!.algorithm})`,
  );
  process.exitCode = 1;
}
