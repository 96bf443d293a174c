/**
 * Picard's REST API as TypeScript types, generated from its OpenAPI document
 * by `npm run api:types`. Do not edit: a test fails when this file and the
 * document drift apart.
 */
export type paths = {
  '/api/v1/admin/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The admin audit trail
     * @description Administrator actions, newest first: who, what, on which account or application, when.
     */
    get: operations['adminListAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/clients': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List applications
     * @description Every OAuth client: kind (pre-registered, dynamic, metadata-document), redirect hosts, creation and last use, live grants.
     */
    get: operations['adminListClients'];
    put?: never;
    /**
     * Pre-register a confidential client
     * @description Registers a confidential client (client_secret_basic, authorization code with PKCE, refresh tokens). The secret is in this answer only.
     */
    post: operations['adminCreateClient'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/clients/{clientId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete an application
     * @description Revokes its grants and removes the client (not the configured web client).
     */
    delete: operations['adminDeleteClient'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/clients/{clientId}/revoke-grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Revoke every grant of an application
     * @description Every account is disconnected from the application; its access tokens stop working at once.
     */
    post: operations['adminRevokeClientGrants'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an invitation
     * @description A single-use sign-up link with an expiry, for SIGNUP=invite.
     */
    post: operations['adminCreateInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List accounts
     * @description Every account, newest first, with creation and last sign-in dates, memory count and connected applications; `query` searches usernames and emails. Never memory text.
     */
    get: operations['adminListUsers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{username}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete an account
     * @description Deletes the account and all of its memories. `confirmUsername` must repeat the username.
     */
    delete: operations['adminDeleteUser'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{username}/password-reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue a password reset link
     * @description A single-use, short-lived link that sets a new password for the account (and disconnects every application). Hand it over in person or by a trusted channel.
     */
    post: operations['adminIssuePasswordReset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{username}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore a suspended account
     * @description Lets the account sign in again. Its applications must be connected anew.
     */
    post: operations['adminRestoreUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{username}/sign-out': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign an account out everywhere
     * @description Revokes every grant and ends every session of the account; it may sign in again.
     */
    post: operations['adminSignOutUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{username}/suspend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Suspend an account
     * @description Revokes every grant of the account at once (its access tokens stop working on both surfaces), ends its sessions, and refuses its sign-in until restored.
     */
    post: operations['adminSuspendUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your groups
     * @description The groups you own or belong to, with their members, by name.
     */
    get: operations['listGroups'];
    put?: never;
    /**
     * Create a group
     * @description Creates a group you own, with members by username (you are a member too).
     */
    post: operations['createGroup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups/{groupId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a group
     * @description Deletes a group you own; what was shared with it is no longer shared with its members.
     */
    delete: operations['deleteGroup'];
    options?: never;
    head?: never;
    /**
     * Rename a group or change its members
     * @description Renames a group you own and/or adds and removes members by username. Removed members stop seeing what was shared with the group on their next request; added ones see it at once.
     */
    patch: operations['updateGroup'];
    trace?: never;
  };
  '/api/v1/groups/{groupId}/leave': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Leave a group
     * @description Leaves a group you belong to (its owner deletes it instead).
     */
    post: operations['leaveGroup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who the token acts for
     * @description The signed-in user and the application the access token was issued to.
     */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your audit log
     * @description Every memory operation made for you, by any application, newest first: what, when, through which application, on which memories, and how it ended. Never any text. Filter by application, kind of operation or memory. An application limited to some tags sees only entries about memories within them.
     */
    get: operations['listAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export your memories
     * @description All of your own memories (private ones too, never anyone else’s), streamed as a file to download: `jsonl` is the versioned Picard bundle (a header line, one line per memory with its text, permission, tags, expiry, times and edit history, and an end line), which imports back exactly; `markdown` is one readable document. Expired memories are left out.
     */
    get: operations['exportMemories'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import memories from a file
     * @description Brings a file of memories into your own account: a Picard bundle, the reference MCP memory server's memory.jsonl, mem0's exported memories, or plain text/Markdown (one memory per paragraph or list item). Every line is checked first and problems are reported with their line numbers; a file with a bad line imports nothing unless skipInvalid is set. Importing the same file again adds nothing. Memories are private unless the file says public and allowPublic is set. Answers at once; the memories become searchable as they are embedded (follow importId with getImport). At most 16 MiB and 20000 memories per import.
     */
    post: operations['importMemories'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/imports/{importId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Progress of an import
     * @description How far the embedding of one of your imports has got: memories embedded (searchable) and still pending; status becomes "done" when none wait.
     */
    get: operations['getImport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your memories at a glance
     * @description How many memories you have (unexpired), private and public, and the tags you use with how often, most used first (at most 200).
     */
    get: operations['getSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List memories, newest first
     * @description Lists the signed-in user's memories, newest first, a page at a time; scope "shared" lists what others shared with them, "all" both; with username, that user's memories they may read (public and shared with them). Pass the next cursor back as cursor for the next page.
     */
    get: operations['listMemories'];
    put?: never;
    /**
     * Store a memory
     * @description Stores a new memory for the signed-in user: a fact, preference or note worth remembering. Private unless made public. The result lists memories it nearly repeats (duplicates); onDuplicate chooses whether to keep it anyway, skip it or let it supersede them, and supersedes names memories it replaces (they leave search but keep their history). With a language model configured on the server, contradictions suggests earlier memories the new one contradicts (update the new memory with supersedes to replace them). Give an idempotency key to make retries safe: a retry with the same key and input returns the first memory (REST: the same 201 answer) instead of storing it twice.
     */
    post: operations['createMemory'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories/{memoryId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a memory
     * @description Reads one memory: one of the user's own, another user's public memory, or one shared with the user.
     */
    get: operations['getMemory'];
    put?: never;
    post?: never;
    /**
     * Delete a memory
     * @description Deletes one of the user's memories and its history, for good.
     */
    delete: operations['deleteMemory'];
    options?: never;
    head?: never;
    /**
     * Edit a memory
     * @description Changes the text, tags or expiry of one of the user's memories, or marks others as superseded by it (supersedes). The previous version is kept in its history; an edit that changes nothing adds no version. New text is checked as a new memory is: the result lists the user's other memories it now nearly repeats (duplicates) and, with a language model configured on the server, those it may contradict; nothing else changes (edit again with supersedes to replace them).
     */
    patch: operations['updateMemory'];
    trace?: never;
  };
  '/api/v1/memories/{memoryId}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Earlier versions of a memory
     * @description The earlier versions of one of the user's own memories, newest first (owners only, even for public memories).
     */
    get: operations['getHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories/{memoryId}/permission': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Change who can read a memory
     * @description Makes one of the user's memories private or public. Public memories can be read by anyone signed in and used in their persona questions.
     */
    put: operations['setPermission'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories/{memoryId}/reads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who read a memory you share
     * @description The 100 latest reads of one of your memories by other people (get, list, search, persona), newest first, from the audit log (owners only).
     */
    get: operations['listSharedReads'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories/{memoryId}/sharing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who a memory is shared with
     * @description The users and groups one of your memories is shared with (owners only; anyone else gets 'not found').
     */
    get: operations['getSharing'];
    /**
     * Share a memory with people and groups
     * @description Sets exactly who may read one of your memories besides you: users (by username) and groups (by id, from manage_group). They can read it but never change or re-share it. The memory becomes "shared"; giving no users and no groups withdraws sharing and makes it private again. Takes effect at once.
     */
    put: operations['shareMemory'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memories/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Search memories by meaning
     * @description Hybrid search: the signed-in user's memories that best match the query by meaning and by exact words (names, numbers), best first. Each result says how strong a match it is (weak ones are ranked, not hidden) and its similarity (-1 to 1). Memories another one superseded are left out unless includeSuperseded. scope "shared" searches what others shared with them, "all" both; with username, that user's memories they may read (public and shared with them) instead.
     */
    post: operations['searchMemories'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{username}/persona': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask a user’s persona
     * @description Answers a question as another user would, in the first person, from that user's public memories and those they shared with you (all of your own when asking about yourself), citing the memories used.
     */
    post: operations['askPersona'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    /** @description One administrator action. */
    AdminAuditEntry: {
      action: string;
      actor: string;
      /** Format: date-time */
      at: string;
      /** Format: uuid */
      id: string;
      surface: string;
      target: string | null;
    };
    /** @description An OAuth client (application) known to the server. */
    AdminClient: {
      clientId: string;
      createdAt: string | null;
      grants: number;
      /** @enum {string} */
      kind: 'pre-registered' | 'dynamic' | 'metadata-document';
      lastUsedAt: string | null;
      name: string;
      redirectHosts: string[];
    };
    /** @description An account as administrators see it. */
    AdminUser: {
      connectedApps: number;
      /** Format: date-time */
      createdAt: string;
      email: string;
      lastSignInAt: string | null;
      memoryCount: number;
      /** @enum {string} */
      role: 'user' | 'admin';
      suspended: boolean;
      username: string;
    };
    /** @description One memory operation made for you. */
    AuditEntry: {
      /** @enum {string} */
      action:
        | 'memory.create'
        | 'memory.read'
        | 'memory.list'
        | 'memory.update'
        | 'memory.permission'
        | 'memory.delete'
        | 'memory.history'
        | 'memory.search'
        | 'persona.query'
        | 'memory.share'
        | 'group.change'
        | 'memory.export'
        | 'memory.import';
      /** Format: date-time */
      at: string;
      clientId: string;
      /** @description The application's name (or its id). */
      clientName: string;
      /** Format: uuid */
      id: string;
      memoryIds: string[];
      /** @enum {string} */
      outcome:
        'success' | 'not_found' | 'invalid_input' | 'conflict' | 'insufficient_scope' | 'error';
      /** @enum {string} */
      surface: 'api' | 'mcp';
      targetUsername: string | null;
    };
    /** @description A memory the answer relies on, with its supporting text. */
    Citation: {
      /** @description How many of the query’s distinct words (stemmed) the memory contains. */
      keywordMatches: number;
      /**
       * @description "weak": below the model's usual similarity and sharing few of the query's words; ranked, not hidden, but likely unrelated.
       * @enum {string}
       */
      match: 'strong' | 'weak';
      memory: components['schemas']['Memory'];
      /** @description The username of the memory’s owner. */
      ownerUsername: string;
      /** @description The memory text that supports the answer. */
      quote: string;
      /** @description The fused rank score results are ordered by (higher is better). */
      relevance: number;
      /** @description Cosine similarity to the query, -1 to 1; null for a memory found by its words before it has a vector. */
      score: number | null;
    };
    /** @description A stored memory, with the near-duplicates and possible contradictions found. */
    CreatedMemory: {
      /** @description Your memories the new text may contradict or make out of date, suggested by the configured language model (always empty without one). Nothing is changed: update the new memory with supersedes to replace them. */
      contradictions: {
        /** Format: uuid */
        id: string;
        /** @description The language model's reason, one sentence. */
        reason: string;
        text: string;
      }[];
      /** Format: date-time */
      createdAt: string;
      /** @description Your memories the text nearly repeats, closest first. */
      duplicates: {
        /** Format: uuid */
        id: string;
        /** @description Cosine similarity to the new text. */
        similarity: number;
        text: string;
      }[];
      /** @description True until the memory has a vector (not yet found by search). */
      embeddingPending: boolean;
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      ownerId: string;
      /** @enum {string} */
      permission: 'private' | 'public' | 'shared';
      /** @description True when onDuplicate "skip" stored nothing: the memory shown is the closest existing one. */
      skipped: boolean;
      /** @description The memory that replaced this one (left out of search and persona answers while set); null when current. */
      supersededBy: string | null;
      tags: string[];
      text: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description 1 for a new memory, +1 per edit. */
      version: number;
    };
    /** @description A group you own or belong to. */
    Group: {
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      /** @description Member usernames, the owner included. */
      members: string[];
      name: string;
      /** @description The username of who made the group. */
      owner: string;
    };
    /** @description A search result. */
    Hit: {
      /** @description How many of the query’s distinct words (stemmed) the memory contains. */
      keywordMatches: number;
      /**
       * @description "weak": below the model's usual similarity and sharing few of the query's words; ranked, not hidden, but likely unrelated.
       * @enum {string}
       */
      match: 'strong' | 'weak';
      memory: components['schemas']['Memory'];
      /** @description The username of the memory’s owner. */
      ownerUsername: string;
      /** @description The fused rank score results are ordered by (higher is better). */
      relevance: number;
      /** @description Cosine similarity to the query, -1 to 1; null for a memory found by its words before it has a vector. */
      score: number | null;
    };
    ImportReport: {
      dryRun: boolean;
      /** @enum {string} */
      format: 'picard' | 'mcp-memory' | 'mem0' | 'text';
      /** @description Memories written (or that would be). */
      imported: number;
      /** @description Follow the embedding with getImport; null on a dry run or when nothing was new. */
      importId: string | null;
      /** @description Memories the file marked public, imported private (allowPublic not given). */
      madePrivate: number;
      preview: {
        /** Format: date-time */
        createdAt: string;
        expiresAt: string | null;
        line: number;
        /** @enum {string} */
        permission: 'private' | 'public' | 'shared';
        tags: string[];
        text: string;
      }[];
      problemCount: number;
      /** @description Invalid lines (first 100). */
      problems: {
        line: number;
        message: string;
      }[];
      /** @description Already imported, repeated in the file, or expired (first 100). */
      skipped: {
        line: number;
        reason: string;
      }[];
      skippedCount: number;
    };
    ImportStatus: {
      /** Format: date-time */
      createdAt: string;
      /** @description Memories embedded so far (searchable). */
      embedded: number;
      finishedAt: string | null;
      format: string;
      /** Format: uuid */
      id: string;
      imported: number;
      /** @description Memories still waiting for an embedding. */
      pending: number;
      skipped: number;
      /** @enum {string} */
      status: 'embedding' | 'done';
    };
    /** @description The user and application a token acts for. */
    Me: {
      clientId: string;
      email: string;
      /** Format: uuid */
      id: string;
      name: string | null;
      scopes: string[];
      username: string;
    };
    /** @description A memory: yours, or another user’s public one. */
    Memory: {
      /** Format: date-time */
      createdAt: string;
      /** @description True until the memory has a vector (not yet found by search). */
      embeddingPending: boolean;
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      ownerId: string;
      /** @enum {string} */
      permission: 'private' | 'public' | 'shared';
      /** @description The memory that replaced this one (left out of search and persona answers while set); null when current. */
      supersededBy: string | null;
      tags: string[];
      text: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description 1 for a new memory, +1 per edit. */
      version: number;
    };
    /** @description How many memories you have, by permission, and your tags, most used first. */
    MemorySummary: {
      byPermission: {
        private: number;
        public: number;
        shared: number;
      };
      tags: {
        count: number;
        name: string;
      }[];
      total: number;
    };
    /** @description A memory as it was before an edit. */
    MemoryVersion: {
      /** Format: date-time */
      createdAt: string;
      expiresAt: string | null;
      /** @enum {string} */
      permission: 'private' | 'public' | 'shared';
      /** Format: date-time */
      replacedAt: string;
      tags: string[];
      text: string;
      version: number;
    };
    /** @description An answer in a user’s voice, with its sources. */
    PersonaAnswer: {
      answer: string;
      citations: components['schemas']['Citation'][];
      /** @description How strongly the cited memories support the answer, 0–1; 0 when it declines for lack of relevant memories. */
      confidence: number;
      /**
       * @description Who wrote the answer: the server's model, the client's model (sampling), or extracts.
       * @enum {string}
       */
      mode: 'openai' | 'sampling' | 'extractive';
      /** @description Parts of the question no relevant memory answers (the whole question when the answer declines). */
      unanswered: string[];
      username: string;
    };
    /** @description RFC 9457 problem details. */
    Problem: {
      /** @description Stable, machine-readable. */
      code: string;
      detail?: string;
      /** @description The input at fault, when there is one. */
      field?: string;
      status: number;
      title: string;
      /** @description `/problems/<code>` */
      type: string;
    };
    /** @description Who a memory is shared with (owners only). Sharing applies while the permission is "shared". */
    Sharing: {
      /** @description Groups whose members the memory is shared with. */
      groups: {
        /** Format: uuid */
        id: string;
        name: string;
      }[];
      /** Format: uuid */
      memoryId: string;
      /** @enum {string} */
      permission: 'private' | 'public' | 'shared';
      /** @description Usernames the memory is shared with. */
      users: string[];
    };
    /** @description An edited memory; when its text changed, your other memories it now nearly repeats and may contradict (both empty otherwise). */
    UpdatedMemory: {
      /** @description Your memories the new text may contradict or make out of date, suggested by the configured language model (always empty without one). Nothing is changed: update this memory again with supersedes to replace them. */
      contradictions: {
        /** Format: uuid */
        id: string;
        /** @description The language model's reason, one sentence. */
        reason: string;
        text: string;
      }[];
      /** Format: date-time */
      createdAt: string;
      /** @description Your memories the text nearly repeats, closest first. */
      duplicates: {
        /** Format: uuid */
        id: string;
        /** @description Cosine similarity to the new text. */
        similarity: number;
        text: string;
      }[];
      /** @description True until the memory has a vector (not yet found by search). */
      embeddingPending: boolean;
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      ownerId: string;
      /** @enum {string} */
      permission: 'private' | 'public' | 'shared';
      /** @description The memory that replaced this one (left out of search and persona answers while set); null when current. */
      supersededBy: string | null;
      tags: string[];
      text: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description 1 for a new memory, +1 per edit. */
      version: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  adminListAudit: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AdminAuditEntry'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminListClients: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AdminClient'][];
          };
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminCreateClient: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Shown on the consent page. */
          name: string;
          redirectUris: string[];
        };
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            clientId: string;
            clientSecret: string;
            name: string;
            redirectUris: string[];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminDeleteClient: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The OAuth client id. */
        clientId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminRevokeClientGrants: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The OAuth client id. */
        clientId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            clientId: string;
            revokedGrants: number;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminCreateInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            inviteUrl: string;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminListUsers: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        /** @description Part of a username or email. */
        query?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AdminUser'][];
            total: number;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminDeleteUser: {
    parameters: {
      query: {
        /** @description The username again, to confirm. */
        confirmUsername: string;
      };
      header?: never;
      path: {
        /** @description The account’s username. */
        username: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminIssuePasswordReset: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The account’s username. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            expiresAt: string;
            resetUrl: string;
            username: string;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminRestoreUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The account’s username. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            suspended: boolean;
            username: string;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminSignOutUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The account’s username. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            username: string;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  adminSuspendUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The account’s username. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            suspended: boolean;
            username: string;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listGroups: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Group'][];
          };
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createGroup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Usernames of the first members.
           * @default []
           */
          members?: string[];
          /** @description The group’s name, 1–100 characters. */
          name: string;
        };
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Group'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the group (a UUID, as returned by the group operations). */
        groupId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Group'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the group (a UUID, as returned by the group operations). */
        groupId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Usernames to add. */
          addMembers?: string[];
          /** @description The group’s name, 1–100 characters. */
          name?: string;
          /** @description Usernames to remove. */
          removeMembers?: string[];
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Group'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  leaveGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the group (a UUID, as returned by the group operations). */
        groupId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Group'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listAudit: {
    parameters: {
      query?: {
        /** @description Only operations of this kind. */
        action?:
          | 'memory.create'
          | 'memory.read'
          | 'memory.list'
          | 'memory.update'
          | 'memory.permission'
          | 'memory.delete'
          | 'memory.history'
          | 'memory.search'
          | 'persona.query'
          | 'memory.share'
          | 'group.change'
          | 'memory.export'
          | 'memory.import';
        /** @description Only what this application did. */
        clientId?: string;
        /** @description The next cursor of the previous page. */
        cursor?: string;
        /** @description Page size, 1–100. */
        limit?: number;
        /** @description Only operations on this memory (its origin is its memory.create). */
        memoryId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AuditEntry'][];
            nextCursor: string | null;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  exportMemories: {
    parameters: {
      query?: {
        /** @description "jsonl" (the Picard bundle, the default) or "markdown". */
        format?: 'jsonl' | 'markdown';
        /** @description Keep each memory’s vector and its model name in the bundle (jsonl only); left out by default. */
        includeEmbeddings?: boolean | ('true' | 'false');
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A file, streamed as it is produced (`Content-Disposition: attachment` names it). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/jsonl': string;
          'text/markdown': string;
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  importMemories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Keep "public" where the file says so; otherwise every imported memory is private. */
          allowPublic?: boolean | ('true' | 'false');
          /** @description The file’s text (UTF-8), at most 16 MiB. */
          content: string;
          /** @description Only report what would be imported; write nothing. */
          dryRun?: boolean | ('true' | 'false');
          /**
           * @description "picard" (bundle), "mcp-memory" (memory.jsonl), "mem0" or "text"; detected from the content when absent.
           * @enum {string}
           */
          format?: 'picard' | 'mcp-memory' | 'mem0' | 'text';
          /** @description Import the valid lines and report the invalid ones, instead of importing nothing. */
          skipInvalid?: boolean | ('true' | 'false');
        };
      };
    };
    responses: {
      /** @description Accepted; the work goes on after the answer (`Location` names where to follow it). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportReport'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The importId an import answered with. */
        importId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportStatus'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSummary: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemorySummary'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMemories: {
    parameters: {
      query?: {
        /** @description Only memories created at or after this time. */
        createdAfter?: string;
        /** @description Only memories created before this time. */
        createdBefore?: string;
        /** @description The next cursor of the previous page. */
        cursor?: string;
        /** @description Page size, 1–100. */
        limit?: number;
        /** @description Only memories with this permission. */
        permission?: 'private' | 'public' | 'shared';
        /** @description "own" (your memories, the default), "shared" (memories others shared with you) or "all" (both). Ignored with username. */
        scope?: 'own' | 'shared' | 'all';
        /** @description "newest" (by creation, the default), "oldest", or "updated" (most recently edited first). A cursor only continues the order it came from. */
        sort?: 'newest' | 'oldest' | 'updated';
        /** @description Only memories with this tag. */
        tag?: string;
        /** @description List this user's memories you may read instead: public ones and those shared with you (all of them when it is you). */
        username?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Memory'][];
            /** @description Pass back as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createMemory: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique value (e.g. a UUID) chosen by the client for this create. Retrying with the same key and the same input returns the memory the first attempt made instead of storing a duplicate; the same key with a different input is refused. Honoured for 24 hours. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description When the memory is forgotten; never when null or absent. In the future. */
          expiresAt?: string | null;
          /**
           * @description When the text nearly repeats one of your memories (listed in the result's duplicates): "keep" (default) stores it anyway, "skip" stores nothing and returns the closest existing memory, "supersede" stores it and marks the near-duplicates as replaced by it.
           * @default keep
           * @enum {string}
           */
          onDuplicate?: 'keep' | 'skip' | 'supersede';
          /**
           * @description "private" (only you), "public" (anyone signed in may read it) or "shared" (only the people and groups you share it with; see share_memory).
           * @default private
           * @enum {string}
           */
          permission?: 'private' | 'public' | 'shared';
          /** @description Ids of your memories this one replaces: they stay readable (with their history and a link to this one) but leave search and persona answers. */
          supersedes?: string[];
          /** @description Labels for filtering; duplicates are dropped. */
          tags?: string[];
          /** @description The memory, 1–10000 characters (trimmed). */
          text: string;
        };
      };
    };
    responses: {
      /** @description Created; `Location` names it. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedMemory'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was already used for a different input (`idempotency_key_reused`). */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Memory'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The new expiry; null to never expire; unchanged when absent. */
          expiresAt?: string | null;
          /** @description Ids of your memories this one replaces: they leave search and persona answers and link to this one. */
          supersedes?: string[];
          /** @description The new tags, replacing the old ones; unchanged when absent. */
          tags?: string[];
          /** @description The new text; unchanged when absent. */
          text?: string;
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpdatedMemory'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['MemoryVersion'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  setPermission: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description "private" (only you), "public" (anyone signed in may read it) or "shared" (only the people and groups you share it with; see share_memory).
           * @enum {string}
           */
          permission: 'private' | 'public' | 'shared';
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Memory'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listSharedReads: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @enum {string} */
              action:
                | 'memory.create'
                | 'memory.read'
                | 'memory.list'
                | 'memory.update'
                | 'memory.permission'
                | 'memory.delete'
                | 'memory.history'
                | 'memory.search'
                | 'persona.query'
                | 'memory.share'
                | 'group.change'
                | 'memory.export'
                | 'memory.import';
              /** Format: date-time */
              at: string;
              username: string;
            }[];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSharing: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Sharing'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  shareMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id of the memory (a UUID, as returned by other operations). */
        memoryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Ids of groups you belong to; replaces the previous list.
           * @default []
           */
          groups?: string[];
          /**
           * @description Usernames to share with; replaces the previous list.
           * @default []
           */
          users?: string[];
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Sharing'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Changed by someone else at the same moment (`conflict`); retry. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  searchMemories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Also memories that a newer memory replaced (hidden by default).
           * @default false
           */
          includeSuperseded?: boolean;
          /**
           * @description At most this many results, 1–100.
           * @default 10
           */
          limit?: number;
          /** @description Only results at least this similar (-1 to 1). When absent nothing is dropped: results below the model default are returned ranked and marked "weak". */
          minSimilarity?: number;
          /**
           * @description "hybrid" (default): meaning and exact words together; "vector": meaning only; "keyword": exact words only (names, numbers).
           * @default hybrid
           * @enum {string}
           */
          mode?: 'hybrid' | 'vector' | 'keyword';
          /**
           * @description Only memories with this permission.
           * @enum {string}
           */
          permission?: 'private' | 'public' | 'shared';
          /**
           * @description "recent": among comparably relevant memories, newer ones first.
           * @enum {string}
           */
          prefer?: 'recent';
          /** @description What to look for, in natural language. */
          query: string;
          /**
           * @description "own" (your memories, the default), "shared" (memories others shared with you) or "all" (both). Ignored with username.
           * @default own
           * @enum {string}
           */
          scope?: 'own' | 'shared' | 'all';
          /** @description Only memories carrying all of these tags. */
          tags?: string[];
          /** @description Search this user's memories you may read instead of yours: public ones and those shared with you. */
          username?: string;
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            results: components['schemas']['Hit'][];
          };
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  askPersona: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The username of the person to ask. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The question, as you would ask them. */
          question: string;
        };
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonaAnswer'];
        };
      };
      /** @description Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than 64 KiB unless the operation says otherwise (`payload_too_large`), or an import is past its bounds (`import_too_large`). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`). */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests for this user or application (`rate_limited`); see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The service is temporarily unavailable (`service_unavailable`); see Retry-After. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
