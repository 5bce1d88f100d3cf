/** What the ESC/POS decoder (../decoder.ts) reports about a job. */
export type Align = 'left' | 'center' | 'right';

export interface DecodedLine {
  text: string;
  align: Align;
  bold: boolean;
  underline: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
  invert: boolean;
  /** Columns the line takes on paper (double width counts twice). */
  columns: number;
}

export type DecodedEvent =
  | { kind: 'line'; index: number }
  | { kind: 'init' }
  | { kind: 'codePage'; n: number; name: string }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'drawer'; pin: number; onMs: number; offMs: number }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode'; type: number; data: string }
  | { kind: 'image'; bytes: number }
  | { kind: 'status'; command: string }
  | { kind: 'beep' };

export interface UnknownCommand {
  offset: number;
  hex: string;
}

export interface DecodedJob {
  lines: DecodedLine[];
  events: DecodedEvent[];
  cuts: number;
  /** True when the last thing that happened on paper was a cut. */
  endsWithCut: boolean;
  drawerPulses: { pin: number; onMs: number; offMs: number }[];
  qrCodes: string[];
  barcodes: { type: number; data: string }[];
  images: number;
  statusRequests: number;
  codePages: string[];
  unknown: UnknownCommand[];
  /** The lines joined by "\n" (what a person reads). */
  text: string;
}

export type Dialect = 'escpos' | 'star';
