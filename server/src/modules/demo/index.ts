export { createDemoDataRoutes } from './demo-data.routes.js';
export { countDemoRecords, DEMO_DATA_LOADED, DEMO_DATA_REMOVED, markDemoRecords, readDemoDataMarkers, recordDemoDataLoaded } from './demo-records.js';
export { getDemoDataState, removeDemoData } from './remove-demo-data.js';
