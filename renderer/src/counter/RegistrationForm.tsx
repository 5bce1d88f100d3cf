import { useState, type FormEvent } from 'react';
import type { Result } from '../../../shared/api';
import type { IdentifyResult } from '../../../shared/api/loyalty';
import { ESCOLARIEDADE, ESTADO_CIVIL, SEXO } from '../../../shared/api/loyalty';
import { formatCpf } from '../../../shared/cpf';
import { readOptionalDate } from '../../../shared/date-input';
import { readMoney } from '../../../shared/money-input';
import { call } from '../bridge';
import { DateField } from '../ui/DateField';
import { Dialog, FormActions } from '../ui/Dialog';
import { hubFailure, maskPhoneInput } from './counterStore';

const LABELS: Record<string, string> = {
  NaoInformado: 'Não informado',
  Casado: 'Casado(a)',
  Solteiro: 'Solteiro(a)',
  Divorciado: 'Divorciado(a)',
  Viuvo: 'Viúvo(a)',
  Outros: 'Outros',
  Concubinato: 'Concubinato',
  Masculino: 'Masculino',
  Feminino: 'Feminino',
  EnsinoFundamentalIncompleto: 'Ensino fundamental incompleto',
  EnsinoFundamentalCompleto: 'Ensino fundamental completo',
  EnsinoMedioCompleto: 'Ensino médio completo',
  GraduacaoCompleto: 'Graduação completa',
  PosGraduacaoCompleto: 'Pós-graduação completa',
};

function EnumSelect({ id, label, name, values }: { id: string; label: string; name: string; values: Record<string, number> }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={String(Object.values(values)[0])}>
        {Object.entries(values).map(([k, v]) => (
          <option key={k} value={v}>
            {LABELS[k] ?? k}
          </option>
        ))}
      </select>
    </>
  );
}

function Field({ id, label, name, type = 'text', ...rest }: { id: string; label: string; name: string; type?: string; inputMode?: 'numeric' | 'decimal' | 'email' | 'tel'; placeholder?: string; maxLength?: number }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} autoComplete="off" {...rest} />
    </>
  );
}

/** "Cadastro de cliente": Nome (required), Celular, E-mail; the contract's other fields under "Mais dados". */
export function RegistrationForm({ cpf, onCancel, onSaved }: { cpf: string; onCancel: () => void; onSaved: (r: Result<IdentifyResult>) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mobile, setMobile] = useState('');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    if (!s('name')) return setError('Informe o Nome do cliente.');
    const email = s('email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return setError('E-mail inválido: confira o endereço (ex.: nome@dominio.com.br).');
    const incomeRead = s('income') ? readMoney(s('income')) : ({ ok: true, cents: 0 } as const);
    if (!incomeRead.ok) return setError(`Renda mensal: ${incomeRead.message}`);
    const income = incomeRead.cents;
    const birth = readOptionalDate(s('birthDate'));
    if (!birth.ok) return setError(`Data de nascimento: ${birth.message}`);
    const customer = {
      cpf,
      name: s('name'),
      rg: s('rg'),
      birthDate: birth.iso || null,
      sex: Number(s('sex') || 0),
      maritalStatus: Number(s('maritalStatus') || 1),
      education: Number(s('education') || 0),
      profession: s('profession'),
      monthlyIncomeCents: income,
      address: { zip: s('zip'), street: s('street'), number: s('number'), complement: s('complement'), district: s('district'), city: s('city'), state: s('state').toUpperCase(), country: 'Brasil' },
      contact: { phone: s('phone'), mobile: mobile.replace(/\D/g, ''), email },
    };
    setError(null);
    setBusy(true);
    const r = await call('loyalty.counter.register', { customer });
    setBusy(false);
    // A bad field stays here with its message (nothing typed is lost); a hub failure goes to the parent's panel.
    if (!r.ok && hubFailure(r.error).kind === 'other') return setError(r.error.message);
    onSaved(r);
  };

  return (
    <Dialog title="Cadastro de cliente" onClose={onCancel} className="registration-dialog">
      <p className="dialog-sub">CPF {formatCpf(cpf)} não está cadastrado nesta loja.</p>
      <form onSubmit={submit} className="registration-form">
        <div className="reg-grid">
          <label htmlFor="reg-name">Nome</label>
          <input id="reg-name" name="name" data-autofocus autoComplete="off" aria-required="true" maxLength={120} />
          <label htmlFor="reg-mobile">Celular</label>
          <input id="reg-mobile" name="mobile" inputMode="tel" autoComplete="off" placeholder="(11) 98765-4321" value={mobile} onChange={(e) => setMobile(maskPhoneInput(e.target.value))} />
          <Field id="reg-email" label="E-mail" name="email" inputMode="email" placeholder="nome@dominio.com.br" />
        </div>
        <details className="more-data">
          <summary>Mais dados</summary>
          <div className="reg-grid">
            <Field id="reg-rg" label="RG" name="rg" maxLength={20} />
            <label htmlFor="reg-birth">Data de nascimento</label>
            <DateField id="reg-birth" name="birthDate" />
            <EnumSelect id="reg-sex" label="Sexo" name="sex" values={SEXO} />
            <EnumSelect id="reg-marital" label="Estado civil" name="maritalStatus" values={ESTADO_CIVIL} />
            <EnumSelect id="reg-education" label="Escolaridade" name="education" values={ESCOLARIEDADE} />
            <Field id="reg-profession" label="Profissão" name="profession" />
            <Field id="reg-income" label="Renda mensal" name="income" inputMode="decimal" placeholder="0,00" />
            <Field id="reg-zip" label="CEP" name="zip" inputMode="numeric" placeholder="00000-000" maxLength={9} />
            <Field id="reg-street" label="Logradouro" name="street" />
            <Field id="reg-number" label="Número" name="number" maxLength={10} />
            <Field id="reg-complement" label="Complemento" name="complement" />
            <Field id="reg-district" label="Bairro" name="district" />
            <Field id="reg-city" label="Cidade" name="city" />
            <Field id="reg-state" label="UF" name="state" maxLength={2} />
            <Field id="reg-phone" label="Telefone" name="phone" inputMode="tel" />
          </div>
        </details>
        <FormActions error={error} submit="Salvar cliente" busy={busy} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}
