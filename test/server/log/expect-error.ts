import { expect } from "chai";
import { TdlError, type TdlErrorCode } from "../../../server/errors";

/** Runs `action` and checks it throws a TdlError with one of `codes`; returns the error. */
export function expectTdlError(action: () => unknown, ...codes: TdlErrorCode[]): TdlError {
  try {
    action();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(TdlError);
    expect(codes, (error as Error).message).to.include((error as TdlError).code);
    return error as TdlError;
  }
  return expect.fail(`expected a TdlError ${codes.join(" or ")}, but nothing was thrown`);
}

export async function expectTdlRejection(action: () => Promise<unknown>, ...codes: TdlErrorCode[]): Promise<TdlError> {
  try {
    await action();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(TdlError);
    expect(codes, (error as Error).message).to.include((error as TdlError).code);
    return error as TdlError;
  }
  return expect.fail(`expected a TdlError ${codes.join(" or ")}, but nothing was thrown`);
}

/** True when `action` throws only TdlErrors (or nothing); anything else fails the test. */
export function throwsOnlyTdlErrors(action: () => unknown): boolean {
  try {
    action();
  } catch (error) {
    if (!(error instanceof TdlError)) throw error;
  }
  return true;
}
