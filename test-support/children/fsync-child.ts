/**
 * Child process for the durability test, run under `strace -e trace=fsync,fdatasync,write`:
 * sells one sale (after the idle checkpoint), writing a marker to stderr around the cart edits and around
 * finalize, so the trace shows which fsyncs happened inside each (and that
 * finalize's happened before it returned).
 */
import fs from 'node:fs';
import { checkpointNow } from '../../core/db/checkpoint';
import { createTestCore } from '../fixtures';

const [dataDir] = process.argv.slice(2);
const core = await createTestCore({ dataDir });
const sales = core.services.sales;
const mark = (m: string) => fs.writeSync(2, `MARK ${m}\n`);
sales.current();
// What the idle timer does between two sales (core/db/checkpoint.ts): the WAL restarted before the
// next sale, so the restart's header fsync is not in a cart edit.
checkpointNow(core.db);
mark('cart-begin');
sales.scan('3*7891234567895');
sales.scan('96385074');
sales.scan('5');
const sale = sales.current();
sales.addPayment(1, sale.totals.netCents);
mark('cart-end');
mark('finalize-begin');
sales.finalize();
mark('finalize-end');
core.close();
