/**
 * Names requests by endpoint for statistics and fault rules ("query", "queryMore",
 * "composite.update", "bulk.upload", ...). `path` is relative to /services/data/vXX.X.
 */
export function classifyEndpoint(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const [first, second, third, fourth] = parts;
  switch (first) {
    case undefined:
      return 'resources';
    case 'query':
    case 'queryAll':
      return second ? 'queryMore' : first;
    case 'limits':
      return 'limits';
    case 'sobjects':
      if (!second) return 'describeGlobal';
      if (third === 'describe') return 'describe';
      if (third === 'updated' || third === 'deleted')
        return third === 'updated' ? 'getUpdated' : 'getDeleted';
      if (!third) return method === 'POST' ? 'sobject.create' : 'sobject.info';
      return `sobject.${method === 'GET' ? 'get' : method === 'PATCH' ? 'update' : method === 'DELETE' ? 'delete' : method.toLowerCase()}`;
    case 'composite':
      if (second !== 'sobjects') return 'composite';
      if (third && fourth) return 'composite.upsert';
      return method === 'PATCH'
        ? 'composite.update'
        : method === 'POST'
          ? 'composite.create'
          : 'composite.delete';
    case 'jobs':
      if (second === 'query') {
        if (!third) return method === 'POST' ? 'bulkQuery.create' : 'bulkQuery.list';
        if (fourth === 'results') return 'bulkQuery.results';
        return method === 'PATCH'
          ? 'bulkQuery.state'
          : method === 'DELETE'
            ? 'bulkQuery.delete'
            : 'bulkQuery.info';
      }
      if (second !== 'ingest') return 'other';
      if (!third) return method === 'POST' ? 'bulk.create' : 'bulk.list';
      if (fourth === 'batches') return 'bulk.upload';
      if (fourth) return 'bulk.results';
      return method === 'PATCH' ? 'bulk.state' : method === 'DELETE' ? 'bulk.delete' : 'bulk.info';
    case 'tooling':
      if (second === 'query') return 'tooling.query';
      return method === 'POST' ? 'tooling.create' : 'tooling.get';
    default:
      return 'other';
  }
}
