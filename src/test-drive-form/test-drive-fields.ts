/** The fields of the test-drive request and the request body built from them. */
import type { TestDriveBody } from '../api/types.js';
import { trimmed, type FieldSpec, type Values } from '../forms/form-options.js';
import { emailField, nameField, phoneField } from '../forms/person-fields.js';
import { dateNotInPast, localToday } from '../forms/validators.js';
import type { Translate } from '../shared/i18n.js';
import type { TestDriveMessageKey } from './messages.js';

export function testDriveFields(t: Translate<TestDriveMessageKey>): FieldSpec[] {
  return [
    nameField(t('name')),
    emailField(t('email')),
    phoneField(t('phone'), t('phoneHint')),
    {
      name: 'preferredDate',
      label: t('preferredDate'),
      type: 'date',
      autocomplete: 'off',
      hint: t('dateHint'),
      min: localToday(),
      validators: [dateNotInPast()],
    },
  ];
}

export function testDriveBody(vehicleId: string, values: Values): TestDriveBody {
  const body: TestDriveBody = { vehicleId, name: trimmed(values, 'name'), email: trimmed(values, 'email') };
  const phoneNumber = trimmed(values, 'phone');
  if (phoneNumber) body.phone = phoneNumber;
  if (values.preferredDate) body.preferredDate = values.preferredDate;
  return body;
}
