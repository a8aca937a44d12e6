import { foldGrants, grantDrift } from './lake-formation-drift';

const ROLE = { analyst: 'arn:aws:iam::1:role/analyst', demo: 'arn:aws:iam::1:role/demo', 'data-engineer': 'arn:aws:iam::1:role/engineer' };
const expected = [
  { principal: 'data-engineer', description: '', permissions: ['ALL'], columns: ['id', 'email'], excludedColumns: [] },
  { principal: 'analyst', description: '', permissions: ['SELECT', 'DESCRIBE'], columns: ['id'], excludedColumns: ['email'] },
  { principal: 'demo', description: '', permissions: [], columns: [], excludedColumns: ['id', 'email'] },
];

describe('grantDrift', () => {
  it('finds nothing when Lake Formation holds exactly the manifest grants', () => {
    const live = new Map([
      [ROLE['data-engineer'], { permissions: ['ALL'], excludedColumns: [] }],
      [ROLE.analyst, { permissions: ['DESCRIBE', 'SELECT'], excludedColumns: ['email'] }],
    ]);
    expect(grantDrift(expected, live, ROLE)).toEqual([]);
  });

  it('names every difference: missing, unexpected, other permissions, other columns, an unknown principal', () => {
    const live = new Map([
      [ROLE.analyst, { permissions: ['DESCRIBE', 'SELECT'], excludedColumns: [] }],
      [ROLE.demo, { permissions: ['SELECT'], excludedColumns: [] }],
      ['arn:aws:iam::1:role/intruder', { permissions: ['ALL'], excludedColumns: [] }],
    ]);
    expect(grantDrift(expected, live, ROLE)).toEqual([
      { principal: 'data-engineer', kind: 'missing', expected: 'ALL' },
      { principal: 'analyst', kind: 'columns-differ', expected: 'excluded: email', actual: 'excluded: ' },
      { principal: 'demo', kind: 'unexpected', actual: 'SELECT' },
      { principal: 'arn:aws:iam::1:role/intruder', kind: 'unexpected', actual: 'ALL' },
    ]);
  });
});

describe('foldGrants', () => {
  it('reads table grants, column wildcards and column lists as the columns each leaves out', () => {
    const table = { DatabaseName: 'dm_silver', Name: 'profile' };
    const folded = foldGrants(
      [
        { Principal: { DataLakePrincipalIdentifier: ROLE['data-engineer'] }, Resource: { Table: table }, Permissions: ['ALL'] },
        { Principal: { DataLakePrincipalIdentifier: ROLE.analyst }, Resource: { TableWithColumns: { ...table, ColumnWildcard: { ExcludedColumnNames: ['email'] } } }, Permissions: ['SELECT'] },
        { Principal: { DataLakePrincipalIdentifier: ROLE.analyst }, Resource: { Table: table }, Permissions: ['DESCRIBE'] },
        { Principal: { DataLakePrincipalIdentifier: ROLE.demo }, Resource: { TableWithColumns: { ...table, ColumnNames: ['id'] } }, Permissions: ['SELECT'] },
      ],
      ['id', 'email'],
    );
    expect(Object.fromEntries(folded)).toEqual({
      [ROLE['data-engineer']]: { permissions: ['ALL'], excludedColumns: [] },
      [ROLE.analyst]: { permissions: ['SELECT', 'DESCRIBE'], excludedColumns: ['email'] },
      [ROLE.demo]: { permissions: ['SELECT'], excludedColumns: ['email'] },
    });
    expect(grantDrift(expected, folded, ROLE)).toEqual([{ principal: 'demo', kind: 'unexpected', actual: 'SELECT' }]);
  });
});
