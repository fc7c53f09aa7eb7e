/** A user-facing failure of a job operation: English template plus arguments. */
export class JobError extends Error {
  constructor(
    readonly template: string,
    readonly args: Array<string | number>,
  ) {
    super(template.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])));
    this.name = 'JobError';
  }
}
