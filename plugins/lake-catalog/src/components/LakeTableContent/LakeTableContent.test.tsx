import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { lakeCatalogApiRef, type LakeCatalogApi } from '../../api/LakeCatalogApi';
import { OVERVIEW, SILVER_REVIEW, SILVER_REVIEW_STATUS } from '../testing-data';
import { LakeTableView } from './LakeTableContent';

function apiAnswering(overrides: Partial<LakeCatalogApi> = {}): LakeCatalogApi {
  return {
    overview: async () => ({ lake: 'datamaster', tables: OVERVIEW }),
    table: async () => SILVER_REVIEW,
    status: async () => SILVER_REVIEW_STATUS,
    ...overrides,
  };
}

async function renderTable(api: LakeCatalogApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[lakeCatalogApiRef, api]]}>
      <LakeTableView tableRef="silver.review" />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('LakeTableView', () => {
  it('shows the schema with field ids and PII classes, and lineage both ways as links to the table pages', async () => {
    await renderTable(apiAnswering());
    const schema = screen.getByRole('table', { name: 'schema' });
    expect(within(schema).getByText('reviewer_email').closest('tr')).toHaveTextContent(/^4reviewer_emailstringyesPII · hmac-sha256Masked email.$/);
    expect(within(screen.getByLabelText('upstream')).getByRole('link', { name: 'bronze.review' })).toHaveAttribute('href', '/catalog/default/resource/bronze.review');
    expect(within(screen.getByLabelText('downstream')).getByRole('link', { name: 'silver.review_flat' })).toBeInTheDocument();
    expect(within(screen.getByLabelText('further downstream')).getByText('gold.top_drinkers')).toBeInTheDocument();
  });

  it('shows the lineage the runs observed beside the declared one, and where they differ', async () => {
    const observed = { upstream: ['bronze.review', 'silver.beer'], downstream: ['silver.review_flat'], runs: 3, lastRun: { at: '2026-12-07T10:00:00.000Z', eventType: 'COMPLETE', rowsIn: 1500, rowsOut: 1500 } };
    await renderTable(apiAnswering({ table: async () => ({ ...SILVER_REVIEW, lineage: { ...SILVER_REVIEW.lineage, observed } }) }));
    const card = screen.getByLabelText('observed lineage');
    expect(card).toHaveTextContent('Observed in runs (3 runs)');
    expect(within(screen.getByLabelText('observed upstream')).getByRole('link', { name: 'silver.beer' })).toHaveAttribute('href', '/catalog/default/resource/silver.beer');
    expect(screen.getByLabelText('last run')).toHaveTextContent('Last run completed at 2026-12-07T10:00:00.000Z: 1500 rows in, 1500 rows out');
    expect(screen.getByLabelText('lineage differences')).toHaveTextContent('read silver.beer, which the manifest does not declare upstream');
  });

  it('shows no observed lineage when the backend has no run events', async () => {
    await renderTable(apiAnswering());
    expect(screen.queryByLabelText('observed lineage')).toBeNull();
  });

  it('draws the grants matrix down to columns: the analyst may not read the PII column', async () => {
    await renderTable(apiAnswering());
    const grants = screen.getByRole('table', { name: 'grants matrix' });
    expect(within(grants).getByLabelText('analyst may not read reviewer_email')).toHaveTextContent('✗');
    expect(within(grants).getByLabelText('analyst may read review_id')).toHaveTextContent('✓');
    expect(within(grants).getByLabelText('data-engineer may read reviewer_email')).toHaveTextContent('✓');
    expect(within(grants).getByText('demo').closest('tr')).toHaveTextContent('none');
  });

  it('lists recent runs with their execution status and errors, and freshness against the objective', async () => {
    await renderTable(apiAnswering());
    const runs = screen.getByRole('table', { name: 'runs' });
    expect(within(runs).getByText('bronze/review/part-1.parquet').closest('tr')).toHaveTextContent(/succeeded.*embedded.*2\.3 s.*1,500 \/ 1,500 \/ 0.*SUCCEEDED run-1/);
    expect(within(runs).getByText('bronze/review/part-2.parquet').closest('tr')).toHaveTextContent('Binder Error: column beer_ibu not found');
    expect(screen.getByText('1 succeeded · 1 failed')).toBeInTheDocument();
    expect(screen.getByText('fresh')).toBeInTheDocument();
    expect(screen.getByText('PT1H')).toBeInTheDocument();
    const executions = screen.getByRole('table', { name: 'executions' });
    expect(within(executions).getByText('run-2').closest('tr')).toHaveTextContent(/FAILED.*4\.0 s.*States\.TaskFailed: spark job lost/);
    expect(within(executions).getByText('run-1').closest('tr')).toHaveTextContent(/SUCCEEDED.*6\.5 s/);
  });

  it('says why when the backend refuses', async () => {
    const denied = Object.assign(new Error('Not allowed to read lake table silver.review (permission lake.table.read)'), { name: 'NotAllowedError' });
    await renderTable(apiAnswering({ table: async () => Promise.reject(denied) }));
    expect(screen.getAllByText(/Not allowed to read lake table silver.review \(permission lake.table.read\)/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('table', { name: 'schema' })).toBeNull();
  });
});
