// Local emulator of the Notion public API (version 2025-09-03) for tests, demos and offline trials.
// It imports nothing from src/core: it is an independent implementation of Notion's contract.
export { startSandbox, NOTION_VERSION } from './server';
export type { Sandbox, SandboxOptions, SandboxStats } from './server';
export type { HumanEdit, HumanOp } from './store';
export type { SandboxState } from './model';
export { parseFaultSpec, FAULT_KINDS } from './faults';
export type { FaultKind } from './faults';
export { parseHoldSpec } from './holds';
export type { HeldRequest } from './holds';
export { parseOutageSpec, OUTAGE_MODES } from './outage';
export type { OutageMode, OutageSpec } from './outage';
