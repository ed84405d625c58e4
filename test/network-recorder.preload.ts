import { writeFileSync } from 'node:fs';
import { recordOutsideAttempts } from './network-recorder.ts';

/** Loaded with `--import` into a child process: its attempts beyond loopback, written to HUB_NETWORK_RECORD at exit. */
const recorder = recordOutsideAttempts();
process.on('exit', () => writeFileSync(process.env.HUB_NETWORK_RECORD!, recorder.attempts.join('\n')));
