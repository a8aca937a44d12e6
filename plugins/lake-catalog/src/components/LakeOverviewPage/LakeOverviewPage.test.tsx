import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { OVERVIEW } from '../testing-data';
import { healthOf, LakeOverview } from './LakeOverviewPage';

async function choose(filter: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: new RegExp(filter) }));
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
}

describe('LakeOverview', () => {
  beforeEach(async () => {
    await renderInTestApp(<LakeOverview tables={OVERVIEW} />, { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } });
  });

  it('lists every table with its freshness and last run', () => {
    expect(screen.getByLabelText('table count')).toHaveTextContent('3 of 3 tables');
    expect(screen.getByRole('link', { name: 'silver.review' })).toHaveAttribute('href', '/catalog/default/resource/silver.review');
    expect(screen.getByText('gold.top_drinkers').closest('tr')).toHaveTextContent(/analytics.*never loaded.*failed/);
  });

  it('filters by layer, owner and status', async () => {
    await choose('layer', 'gold');
    expect(screen.getByLabelText('table count')).toHaveTextContent('1 of 3 tables');
    await choose('layer', 'all');
    await choose('owner', 'group:default/data-platform');
    expect(screen.getByLabelText('table count')).toHaveTextContent('2 of 3 tables');
    await choose('owner', 'all');
    await choose('status', 'failing');
    expect(screen.getByLabelText('table count')).toHaveTextContent('1 of 3 tables');
    expect(screen.getByText('gold.top_drinkers')).toBeInTheDocument();
    expect(screen.queryByText('silver.review')).toBeNull();
  });

  it('counts a table whose last run failed as failing, whatever its freshness', () => {
    expect(OVERVIEW.map(healthOf)).toEqual(['fresh', 'fresh', 'failing']);
  });
});
