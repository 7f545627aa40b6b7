import { compileRoutes, matchRoute, ROUTES, routesAt } from './route-table.js';

describe('route table matching', () => {
  const routes = compileRoutes(ROUTES);

  it('gives a literal path precedence over a templated one, as OpenAPI does', () => {
    expect(routesAt(routes, '/comparisons/estimate').map((r) => `${r.method} ${r.operationId}`)).toEqual(['post estimateComparison']);
    expect(matchRoute(routes, 'GET', '/comparisons/estimate')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/comparisons/estimate')?.operationId).toBe('estimateComparison');
  });

  it('still reaches templated routes with any other segment', () => {
    expect(matchRoute(routes, 'GET', '/comparisons/cmp-1')?.operationId).toBe('getComparison');
    expect(matchRoute(routes, 'HEAD', '/comparisons/cmp-1')?.operationId).toBe('getComparison');
    expect(routesAt(routes, '/comparisons/cmp-1/stop').map((r) => r.operationId)).toEqual(['stopComparison']);
  });
});
