/**
 * The wall clock, for the shells' composition roots only: core takes its clock as a parameter
 * (expiry, certificates, audit windows), so tests pin it and nothing in core reads the date itself.
 */
export const systemClock = (): Date => new Date();
