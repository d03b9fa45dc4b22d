/** One oracle render in a process of its own: {files, data} on stdin, the HTML on stdout. */
import { readFileSync } from 'node:fs';
import { renderWithWechatHere } from './wechatOracle.js';

const { files, data } = JSON.parse(readFileSync(0, 'utf8')) as { files: Record<string, string>; data: Record<string, unknown> };
process.stdout.write(renderWithWechatHere(files, data));
