/**
 * The fields of the trade-in form (the shopper's car, then the shopper) and the contact lead built
 * from them: subject "Trade-in", the car described in the message for the dealer.
 */
import type { ContactBody } from '../api/types.js';
import { trimmed, type FieldSpec, type SelectOption, type Values } from '../forms/form-options.js';
import { emailField, nameField, phoneField } from '../forms/person-fields.js';
import { digitsOf, required, wholeNumber } from '../forms/validators.js';
import type { Translate } from '../shared/i18n.js';
import type { TradeInMessageKey } from './messages.js';

type T = Translate<TradeInMessageKey>;

/** The lead's subject, the same in every language: dealers filter their inbox and CRM on it. */
export const TRADE_IN_SUBJECT = 'Trade-in';

export type MileageUnit = 'km' | 'mi';

export const CONDITIONS = ['excellent', 'good', 'fair', 'poor'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** The oldest model year accepted. */
const FIRST_YEAR = 1900;
/** An odometer reading beyond this is a typo. */
const MAX_MILEAGE = 2_000_000;

/** Where a list of choices stands: nothing to choose yet, loading, failed, or loaded. */
export type ChoiceStatus = 'idle' | 'loading' | 'error' | 'ready';

export interface ChoiceList {
  status: ChoiceStatus;
  options: SelectOption[];
}

/** The choices of the car's four selects, from the reference data loaded so far. */
export interface CarChoices {
  brands: ChoiceList;
  models: ChoiceList;
  generations: ChoiceList;
  trims: ChoiceList;
}

function modelField(t: T, models: ChoiceList): FieldSpec {
  const none = models.status === 'ready' && models.options.length === 0;
  const placeholder = {
    idle: t('brandFirst'),
    loading: t('loadingModels'),
    error: t('loadError'),
    ready: none ? t('noModels') : t('chooseModel'),
  }[models.status];
  return {
    name: 'model',
    label: t('model'),
    type: 'select',
    autocomplete: 'off',
    // A brand without listed models is described by its name alone.
    required: !none,
    validators: none ? [] : [required()],
    options: models.options,
    placeholder,
    disabled: models.status === 'idle' || none,
    clears: ['generation', 'trim'],
  };
}

/** Generation and trim: optional; "not sure" is the empty choice. */
function variantField(t: T, name: 'generation' | 'trim', list: ChoiceList): FieldSpec {
  const none = list.status === 'ready' && list.options.length === 0;
  const placeholder = {
    idle: t('modelFirst'),
    loading: t('loadingOptions'),
    error: t('loadError'),
    ready: none ? t('noneListed') : t('notSure'),
  }[list.status];
  return {
    name,
    label: t(name),
    type: 'select',
    autocomplete: 'off',
    options: list.options,
    placeholder,
    disabled: list.status === 'idle' || list.status === 'error' || none,
  };
}

export function tradeInFields(t: T, choices: CarChoices, unit: MileageUnit): FieldSpec[] {
  const brandPlaceholder = {
    idle: t('loadingBrands'),
    loading: t('loadingBrands'),
    error: t('noBrands'),
    ready: t('chooseBrand'),
  }[choices.brands.status];
  return [
    {
      name: 'brand',
      label: t('brand'),
      type: 'select',
      autocomplete: 'off',
      required: true,
      validators: [required()],
      options: choices.brands.options,
      placeholder: brandPlaceholder,
      clears: ['model', 'generation', 'trim'],
    },
    modelField(t, choices.models),
    variantField(t, 'generation', choices.generations),
    variantField(t, 'trim', choices.trims),
    {
      name: 'year',
      label: t('year'),
      autocomplete: 'off',
      inputMode: 'numeric',
      maxLength: 4,
      required: true,
      validators: [required(), wholeNumber(FIRST_YEAR, new Date().getFullYear() + 1)],
    },
    {
      name: 'mileage',
      label: t('mileage', { unit }),
      autocomplete: 'off',
      inputMode: 'numeric',
      maxLength: 12,
      hint: t('mileageHint'),
      required: true,
      validators: [required(), wholeNumber(0, MAX_MILEAGE)],
    },
    {
      name: 'condition',
      label: t('condition'),
      type: 'select',
      autocomplete: 'off',
      options: CONDITIONS.map((c) => ({ value: c, label: t(c) })),
      placeholder: t('chooseCondition'),
    },
    nameField(t('name')),
    emailField(t('email')),
    phoneField(t('phone'), t('phoneHint')),
  ];
}

/** The names of what the shopper chose (the selects hold ids). */
export interface CarNames {
  brand: string;
  model: string;
  generation?: string;
  trim?: string;
}

/** "2019 Toyota Corolla". */
export function carDescription(values: Values, names: CarNames): string {
  return [digitsOf(values.year ?? ''), names.brand, names.model].filter(Boolean).join(' ');
}

/**
 * The contact lead: the shopper's name and email, subject "Trade-in", and a message that names
 * the car line by line (in the form's language), with the phone number when given.
 */
export function tradeInBody(values: Values, names: CarNames, t: T, unit: MileageUnit): ContactBody {
  const condition = CONDITIONS.find((c) => c === values.condition);
  const phoneNumber = trimmed(values, 'phone');
  const lines: Array<[string, string | undefined]> = [
    [t('brand'), names.brand],
    [t('model'), names.model || t('notListed')],
    [t('generation'), names.generation],
    [t('trim'), names.trim],
    [t('year'), digitsOf(values.year ?? '')],
    [t('mileageLine'), `${Number(digitsOf(values.mileage ?? ''))} ${unit}`],
    [t('condition'), condition && t(condition)],
    [t('phone'), phoneNumber],
  ];
  const message = [
    t('messageIntro', { car: carDescription(values, names) }),
    ...lines.filter(([, value]) => value).map(([label, value]) => `${label}: ${value}`),
  ].join('\n');
  return { name: trimmed(values, 'name'), email: trimmed(values, 'email'), subject: TRADE_IN_SUBJECT, message };
}
