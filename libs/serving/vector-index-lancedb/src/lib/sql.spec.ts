import { filterToSql, idsToSql, sqlLiteral } from './sql.js';

describe('filterToSql', () => {
  it('quotes columns and renders every operator', () => {
    expect(filterToSql({ field: 'kind', eq: 'a' })).toBe("(`p_kind` = 'a')");
    expect(filterToSql({ field: 'id', in: ['x', 'y'] })).toBe("(`id` IN ('x', 'y'))");
    expect(filterToSql({ field: 'n', gte: 1, lt: 2.5 })).toBe('(`p_n` >= 1 AND `p_n` < 2.5)');
    expect(filterToSql({ field: 'live', eq: true })).toBe('(`p_live` = TRUE)');
    expect(filterToSql({ and: [{ field: 'a', eq: 1 }, { or: [{ field: 'b', eq: 'x' }, { not: { field: 'c', eq: false } }] }] })).toBe(
      "((`p_a` = 1) AND ((`p_b` = 'x') OR (((`p_c` = FALSE)) IS NOT TRUE)))",
    );
  });

  it('keeps hostile strings inside one literal', () => {
    expect(filterToSql({ field: 'kind', eq: "x' OR '1'='1" })).toBe("(`p_kind` = 'x'' OR ''1''=''1')");
    expect(sqlLiteral("'; DROP TABLE t; --")).toBe("'''; DROP TABLE t; --'");
    expect(idsToSql(["a'b"])).toBe("(`id` IN ('a''b'))");
    expect(sqlLiteral('back\\slash')).toBe("'back\\slash'");
  });

  it('refuses unsafe column names and non-finite numbers', () => {
    expect(() => filterToSql({ field: 'a`b', eq: 1 })).toThrow(/unsafe column name/);
    expect(() => sqlLiteral(Number.NaN)).toThrow(/non-finite/);
  });
});
