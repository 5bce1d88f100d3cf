export const integrationRoutes = [];
