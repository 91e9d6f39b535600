/** The texts of the filter builder in English (views/filter.ts): a catalog of their own, loaded with the events step. */
export const en = {
  filterLegend: 'Only send events whose content matches (optional)',
  filterHelp:
    'With no condition, every picked event is sent. An event that does not match is not sent, and the message log says it was filtered out.',
  filterMatch: 'Send when',
  filterAll: 'all conditions match',
  filterAny: 'any condition matches',
  filterCondition: 'Condition {n}',
  filterField: 'Field',
  filterFieldHelp: 'A field of the event, such as customer.email',
  filterOperator: 'Test',
  filterValue: 'Value',
  filterListHelp: 'Values separated by commas',
  filterAdd: 'Add a condition',
  filterRemove: 'Remove condition {n}',
  filterAdded: 'Condition {n} added.',
  filterRemoved: 'Condition {n} removed.',
  filterForeign: 'This connection has a filter this form cannot show:',
  filterReplace: 'Replace it with conditions',
  op_eq: 'is',
  op_ne: 'is not',
  op_gt: 'is greater than',
  op_ge: 'is at least',
  op_lt: 'is less than',
  op_le: 'is at most',
  op_oneOf: 'is one of',
  op_contains: 'contains',
  op_exists: 'is present',
  op_missing: 'is absent',
};

export type FilterKey = keyof typeof en;
