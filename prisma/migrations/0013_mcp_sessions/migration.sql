-- Sessions of 2025-era MCP clients (Mcp-Session-Id), kept in the database so
-- that any server instance can serve any request of a session: no sticky
-- routing. A session holds what the client declared in `initialize` (its
-- protocol version, capabilities and name), bound to the user and OAuth client
-- whose token opened it. 2026-07-28 clients are stateless and have none.

-- CreateTable
CREATE TABLE "mcp_sessions" (
    "id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "initialize_params" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mcp_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mcp_sessions_user_id_last_used_at_idx" ON "mcp_sessions"("user_id", "last_used_at");

-- CreateIndex
CREATE INDEX "mcp_sessions_last_used_at_idx" ON "mcp_sessions"("last_used_at");

-- AddForeignKey
ALTER TABLE "mcp_sessions" ADD CONSTRAINT "mcp_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
