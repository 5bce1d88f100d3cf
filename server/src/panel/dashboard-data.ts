/** What GET /v1/panel/dashboard answers: one shape for the server that builds it and the panel that shows it. */
export interface Dashboard {
  totalCents: number;
  sales: number;
  averageTicketCents: number;
  cancelled: { count: number; totalCents: number };
  discountCents: number;
  loyalty: { redeemedCents: number; bonusCents: number };
  byPaymentForm: { formCode: number; name: string; count: number; totalCents: number }[];
  byStore: { storeId: string; name: string; sales: number; totalCents: number }[];
  pixByStatus: { status: string; count: number; totalCents: number }[];
  byHour: { hour: number; sales: number; totalCents: number }[];
  staleTills: { tillId: string; name: string; storeName: string; lastSeenAt: string | null }[];
  staleMinutes: number;
}
