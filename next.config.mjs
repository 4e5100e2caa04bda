/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keep `next dev` from writing agent files into the repository.
  agentRules: false,
  experimental: { agentUpgrade: false },
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3"],
};

export default nextConfig;
