/** A refusal or failure of an app's API call, answered to the app in its platform's convention. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    /** Alipay's numeric error code (2 bad argument, 11 not found, 12 network, 13 timeout, 15 quota, 2001 denied). */
    readonly code = 1,
  ) {
    super(message);
  }
}
