import type { MethodName, Output, ParsedInput, Result } from '../../shared/api';

/** Someone the till knows (an operator): id and name, as audit rows and approvals name them. */
export interface Actor {
  id: number;
  name: string;
}

/** Who did a gated action and who approved it (null: allowed alone). */
export interface Authorization {
  operator: Actor;
  approver: Actor | null;
}

/** What the dispatcher hands every handler: who is calling and, for an approved call, who approved it. */
export interface CallContext {
  auth: Authorization | null;
}

/** `ctx.auth`: who calls (null for public methods) and, for an approved call, who approved it. */
export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CallContext) => Output<M> | Promise<Output<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
/** What each capability's `handlers.ts` returns: the methods of its own namespace (core/app combines them). */
export type HandlerGroup = Partial<Handlers>;

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;
