import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from '../../../../base/common/money.js';

test('money in one format, with the currency’s own minor digits', () => {
  assert.deepStrictEqual(
    [formatMoney(1650, 'EUR'), formatMoney(3000, 'EUR'), formatMoney(1200, 'JPY'), formatMoney(1250, 'KWD'), formatMoney(1650, 'EUR', 'de-DE')],
    ['€16.50', '€30.00', 'JP¥1,200', 'KWD\u00a01.250', '16,50\u00a0€'],
  );
  assert.equal(formatMoney(1650, 'EUR', 'not a language!'), '€16.50', 'an unreadable tag falls back to the default');
});
