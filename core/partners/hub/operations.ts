import type { Db } from '../../db/open';
import type { HubRoute } from './routes';

export type OperationStatus = 'pending' | 'succeeded' | 'business_error' | 'communication_error' | 'out_of_standard';

export interface HubOperation {
  guid: string;
  route: HubRoute;
  opKey: string | null;
  requestJson: string;
  status: OperationStatus;
  responseJson: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  httpStatus: number | null;
  attempts: number;
  durationMs: number | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  guid: string;
  route: string;
  op_key: string | null;
  request_json: string;
  status: OperationStatus;
  response_json: string | null;
  error_code: string | null;
  error_message: string | null;
  http_status: number | null;
  attempts: number;
  duration_ms: number | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: Row): HubOperation {
  return {
    guid: r.guid,
    route: r.route as HubRoute,
    opKey: r.op_key,
    requestJson: r.request_json,
    status: r.status,
    responseJson: r.response_json,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    httpStatus: r.http_status,
    attempts: r.attempts,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface Outcome {
  status: Exclude<OperationStatus, 'pending'>;
  responseJson?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  httpStatus?: number | null;
  durationMs: number;
}

/** The `hub_operations` table: one row per operation (GUID), written BEFORE the first network call. */
export class HubOperationsRepo {
  private q;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO hub_operations (guid, route, op_key, request_json, status, attempts, created_at, updated_at)
         VALUES (@guid, @route, @opKey, @requestJson, 'pending', 0, @at, @at)`,
      ),
      byGuid: db.prepare<[string], Row>(`SELECT * FROM hub_operations WHERE guid = ?`),
      latestByKey: db.prepare<[string, string], Row>(
        `SELECT * FROM hub_operations WHERE op_key = ? AND route = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ),
      attempt: db.prepare(`UPDATE hub_operations SET attempts = attempts + 1, status = 'pending', updated_at = ? WHERE guid = ?`),
      finish: db.prepare(
        `UPDATE hub_operations SET status = @status, response_json = @responseJson, error_code = @errorCode,
           error_message = @errorMessage, http_status = @httpStatus, duration_ms = @durationMs, updated_at = @at
         WHERE guid = @guid`,
      ),
      all: db.prepare<[], Row>(`SELECT * FROM hub_operations ORDER BY created_at, rowid`),
    };
  }

  create(op: { guid: string; route: HubRoute; opKey: string | null; requestJson: string }): HubOperation {
    this.q.insert.run({ ...op, at: this.now().toISOString() });
    return this.get(op.guid)!;
  }

  get(guid: string): HubOperation | null {
    const r = this.q.byGuid.get(guid);
    return r ? fromRow(r) : null;
  }

  latestByKey(opKey: string, route: HubRoute): HubOperation | null {
    const r = this.q.latestByKey.get(opKey, route);
    return r ? fromRow(r) : null;
  }

  /** Counts an attempt (status back to pending) right before the request leaves. */
  startAttempt(guid: string): void {
    this.q.attempt.run(this.now().toISOString(), guid);
  }

  finish(guid: string, o: Outcome): void {
    this.q.finish.run({
      guid,
      status: o.status,
      responseJson: o.responseJson ?? null,
      errorCode: o.errorCode ?? null,
      errorMessage: o.errorMessage ?? null,
      httpStatus: o.httpStatus ?? null,
      durationMs: o.durationMs,
      at: this.now().toISOString(),
    });
  }

  list(): HubOperation[] {
    return this.q.all.all().map(fromRow);
  }
}
