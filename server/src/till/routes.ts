export const tillRoutes = [];
