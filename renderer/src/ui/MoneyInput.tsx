import { forwardRef, type InputHTMLAttributes } from 'react';

/**
 * Every money field: a decimal keypad on touch screens, and a prefilled amount
 * selected when the field gets the focus, so what the cashier types replaces it
 * ("0,00" + "200" is 200, never "0,00200"). Read its value with readMoney
 * (shared/money-input.ts).
 */
export const MoneyInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function MoneyInput(props, ref) {
  const { onFocus, className, ...rest } = props;
  return (
    <input
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      {...rest}
      ref={ref}
      className={className ? `money-input ${className}` : 'money-input'}
      data-money=""
      onFocus={(e) => {
        e.currentTarget.select();
        onFocus?.(e);
      }}
    />
  );
});
