-- Each share names the owner of the memory it shares.
--
-- A keyword search over memories shared with a reader hashes the query under
-- the key of every owner who shares with them (keyword hashes are keyed per
-- owner). Finding those owners went through every shared memory's row: on a
-- reader with 10,000 shared memories that cost more than the search itself.
-- With the owner on the share, they are read from the index on the reader
-- alone. A memory never changes owner, so a trigger fills the column from the
-- memory on every insert (whatever writes the share) and nothing else moves it.

ALTER TABLE "memory_shares" ADD COLUMN "owner_id" UUID;

UPDATE "memory_shares" s SET "owner_id" = m."user_id" FROM "memories" m WHERE m."id" = s."memory_id";

ALTER TABLE "memory_shares" ALTER COLUMN "owner_id" SET NOT NULL;

CREATE FUNCTION "memory_shares_set_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.owner_id := (SELECT m.user_id FROM memories m WHERE m.id = NEW.memory_id);
  RETURN NEW;
END
$$;

CREATE TRIGGER "memory_shares_set_owner" BEFORE INSERT OR UPDATE OF "memory_id", "owner_id"
  ON "memory_shares" FOR EACH ROW EXECUTE FUNCTION "memory_shares_set_owner"();

-- The reader's (or group's) shares by owner: the owners are read from the
-- index alone, and the reader's shared memory ids still start from it.
DROP INDEX "memory_shares_user_id_idx";
DROP INDEX "memory_shares_group_id_idx";
CREATE INDEX "memory_shares_user_id_owner_id_idx" ON "memory_shares"("user_id", "owner_id");
CREATE INDEX "memory_shares_group_id_owner_id_idx" ON "memory_shares"("group_id", "owner_id");
