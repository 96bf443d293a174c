-- Lists in "recently edited" order read the owner's memories by updated_at,
-- as the default order reads them by created_at.
CREATE INDEX "memories_user_id_updated_at_id_idx" ON "memories"("user_id", "updated_at" DESC, "id" DESC);
