import { createDecipheriv } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { SnowflakeEmulatorStats } from '../stats.ts';
import type { StageStore } from './stage-store.ts';

/** Path prefix of the emulated cloud storage that PUT responses point the driver at. */
export const STAGE_STORAGE_PATH = '/stage-storage';
export const STAGE_BUCKET = 'scorebridge-emulator-stages';
/** A PUT sends at most one bind file of ~100 MB (bind_uploader.js MAX_BUFFER_SIZE) plus padding. */
const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

function reply(response: ServerResponse, status: number, message?: string): void {
  const body = message ? JSON.stringify({ error: { code: status, message } }) : '';
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

async function readObject(request: IncomingMessage): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request) {
    size += (part as Buffer).length;
    if (size > MAX_OBJECT_BYTES) return null;
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * Undoes snowflake-sdk's client-side encryption of stage files (file_transfer_agent/encrypt_util.js
 * `encryptDataCBC`): a random file key encrypts the data with AES-CBC, the stage master key from the
 * PUT response's encryptionMaterial wraps that file key with AES-ECB, and both travel in the
 * object's `x-goog-meta-encryptiondata` metadata (WrappedContentKey.EncryptedKey, ContentEncryptionIV).
 */
function decrypt(masterKey: Buffer, metadata: string, data: Buffer): Buffer {
  const parsed = JSON.parse(metadata) as {
    WrappedContentKey?: { EncryptedKey?: string };
    ContentEncryptionIV?: string;
  };
  const wrapped = Buffer.from(parsed.WrappedContentKey?.EncryptedKey ?? '', 'base64');
  const iv = Buffer.from(parsed.ContentEncryptionIV ?? '', 'base64');
  const keyCipher = createDecipheriv(`aes-${masterKey.length * 8}-ecb`, masterKey, null);
  const fileKey = Buffer.concat([keyCipher.update(wrapped), keyCipher.final()]);
  const dataCipher = createDecipheriv(`aes-${fileKey.length * 8}-cbc`, fileKey, iv);
  return Buffer.concat([dataCipher.update(data), dataCipher.final()]);
}

const isGzip = (data: Buffer): boolean => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

/**
 * The GCS XML API as the driver uses it for an internal stage (file_transfer_agent/gcs_util.js):
 * `PUT {endPoint}/{bucket}/{path}{file}` with `Authorization: Bearer <GCS_ACCESS_TOKEN>` to upload,
 * HEAD on the same URL to ask whether a file exists (OVERWRITE = FALSE). A token is scoped to one
 * stage, like the folder-scoped token Snowflake hands out; a wrong one gets 401, as from GCS.
 * Files are stored decrypted and decompressed: COMPRESSION = AUTO detects gzip by its content
 * (https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-csv).
 */
export async function handleStageStorage(
  stages: StageStore,
  stats: SnowflakeEmulatorStats,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const segments = pathname
    .slice(STAGE_STORAGE_PATH.length + 1)
    .split('/')
    .map(decodeURIComponent);
  const [bucket, stageId, ...rest] = segments;
  const stage = bucket === STAGE_BUCKET ? stages.byId(stageId ?? '') : undefined;
  const file = rest.join('/');
  if (!stage || file === '') return reply(response, 404, `No such object: ${segments.join('/')}`);
  if (request.headers.authorization !== `Bearer ${stage.accessToken}`)
    return reply(response, 401, 'Invalid Credentials');
  if (request.method === 'HEAD') {
    const stored = stage.files.get(file);
    if (!stored) return reply(response, 404);
    response.writeHead(200, { 'Content-Length': stored.length }).end();
    return;
  }
  if (request.method !== 'PUT')
    return reply(response, 405, `${request.method} is not supported on stage files`);
  const body = await readObject(request);
  if (body === null) return reply(response, 413, `an object above ${MAX_OBJECT_BYTES} bytes`);
  const metadata = request.headers['x-goog-meta-encryptiondata'];
  if (typeof metadata !== 'string')
    return reply(
      response,
      400,
      'the stage is client-side encrypted: upload with the encryption material of the PUT response',
    );
  let plain: Buffer;
  try {
    plain = decrypt(stage.masterKey, metadata, body);
  } catch (error) {
    return reply(
      response,
      400,
      `the file cannot be decrypted with this stage's key: ${(error as Error).message}`,
    );
  }
  stage.files.set(file, isGzip(plain) ? gunzipSync(plain) : plain);
  stats.countStageUpload(body.length);
  reply(response, 200);
}
