using System.Data.Common;
using System.Globalization;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// The run registry: every background run with its state, progress, log tail, result and timings, in SQLite or
/// PostgreSQL (the same SQL runs on both). State changes are conditional updates, so a run starts and ends once.
/// </summary>
public sealed class RunRegistry(JobDatabase database)
{
    private const string Columns =
        "id, kind, store, parameters, state, progress, stage, log_tail, result, error, created_at, started_at, finished_at, heartbeat, host, attempt, retry_of, schedule_id, cancel_requested, output_directory, job_id";

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private bool _schemaReady;

    public JobDatabase Database => database;

    public async Task CreateAsync(JobRun run, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, $"INSERT INTO job_runs ({Columns}) VALUES (@id, @kind, @store, @parameters, @state, @progress, @stage, @log_tail, @result, @error, @created_at, @started_at, @finished_at, @heartbeat, @host, @attempt, @retry_of, @schedule_id, @cancel_requested, @output_directory, @job_id)", ct,
            ("id", run.Id), ("kind", run.Kind), ("store", run.Store), ("parameters", run.Parameters), ("state", Name(run.State)),
            ("progress", run.Progress), ("stage", run.Stage), ("log_tail", run.LogTail), ("result", run.Result), ("error", run.Error),
            ("created_at", Time(run.CreatedAt)), ("started_at", Time(run.StartedAt)), ("finished_at", Time(run.FinishedAt)),
            ("heartbeat", Time(run.Heartbeat)), ("host", run.Host), ("attempt", run.Attempt), ("retry_of", run.RetryOf),
            ("schedule_id", run.ScheduleId), ("cancel_requested", run.CancelRequested ? 1 : 0), ("output_directory", run.OutputDirectory), ("job_id", run.JobId));
    }

    public async Task<JobRun?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var runs = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE id = @id", ct, ("id", id));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>The newest runs first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<JobRun>> ListAsync(int limit, string? kind, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC, id DESC LIMIT @limit", ct,
            ("kind", kind), ("limit", limit));
    }

    /// <summary>Queued or running training runs on a store, oldest first: the training queue.</summary>
    public async Task<IReadOnlyList<JobRun>> TrainingQueueAsync(string store, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE kind = 'train' AND store = @store AND state IN ('queued', 'running') ORDER BY created_at, id", ct,
            ("store", store));
    }

    /// <summary>
    /// Moves a queued run to running on this host; false when it is no longer queued (cancelled, or started elsewhere)
    /// or, for training, when another training run on its store is running. The check and the change are one step:
    /// a single statement on SQLite, under a transaction-scoped advisory lock on the store in PostgreSQL.
    /// </summary>
    public async Task<bool> TryStartAsync(JobRun run, string host, CancellationToken ct)
    {
        const string sql =
            "UPDATE job_runs SET state = 'running', started_at = @now, heartbeat = @now, host = @host WHERE id = @id AND state = 'queued' AND cancel_requested = 0 " +
            "AND (kind <> 'train' OR NOT EXISTS (SELECT 1 FROM job_runs other WHERE other.kind = 'train' AND other.store = @store AND other.state = 'running' AND other.id <> @id))";
        var parameters = new (string, object?)[] { ("id", run.Id), ("now", Time(DateTimeOffset.UtcNow)), ("host", host), ("store", run.Store) };
        await using var connection = await OpenAsync(ct);
        if (database.Kind != JobDatabaseKind.Postgres)
        {
            return await ExecuteAsync(connection, sql, ct, parameters) == 1;
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var gate = Command(connection, "SELECT pg_advisory_xact_lock(hashtext(@store))", ("store", run.Store)))
        {
            gate.Transaction = transaction;
            await gate.ExecuteNonQueryAsync(ct);
        }

        await using var update = Command(connection, sql, parameters);
        update.Transaction = transaction;
        var started = await update.ExecuteNonQueryAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        return started;
    }

    /// <summary>
    /// For a queued training run: the run it must wait for (one training run per store, oldest first), or null when it may start.
    /// </summary>
    public async Task<JobRun?> TrainingAheadAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var ahead = await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs o WHERE o.kind = 'train' AND o.id <> @id AND o.store = (SELECT store FROM job_runs WHERE id = @id) " +
            "AND (o.state = 'running' OR (o.state = 'queued' AND (o.created_at < (SELECT created_at FROM job_runs WHERE id = @id) " +
            "OR (o.created_at = (SELECT created_at FROM job_runs WHERE id = @id) AND o.id < @id)))) ORDER BY CASE WHEN o.state = 'running' THEN 0 ELSE 1 END, o.created_at, o.id LIMIT 1", ct,
            ("id", id));
        return ahead.Count == 0 ? null : ahead[0];
    }

    /// <summary>The Hangfire job that executes the run.</summary>
    public async Task SetJobIdAsync(string id, string jobId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "UPDATE job_runs SET job_id = @job_id WHERE id = @id", ct, ("id", id), ("job_id", jobId));
    }

    public async Task<JobRun?> FindByJobIdAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var runs = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE job_id = @job_id ORDER BY created_at DESC LIMIT 1", ct, ("job_id", jobId));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>
    /// Puts a run back in the queue as its next attempt (an orphaned ingestion, or a run requeued from the dashboard),
    /// keeping its log with a note why; false when the run was not in one of the given states.
    /// </summary>
    public async Task<bool> ReopenAsync(string id, string note, IReadOnlyList<RunState> from, CancellationToken ct)
    {
        var states = string.Join(", ", from.Select(s => $"'{Name(s)}'"));
        await using var connection = await OpenAsync(ct);
        return await ExecuteAsync(connection,
            "UPDATE job_runs SET state = 'queued', attempt = attempt + 1, progress = 0, stage = NULL, error = NULL, result = NULL, started_at = NULL, " +
            "finished_at = NULL, heartbeat = NULL, host = NULL, cancel_requested = 0, " +
            $"log_tail = CASE WHEN log_tail = '' THEN @note ELSE log_tail || @newline || @note END WHERE id = @id AND state IN ({states})", ct,
            ("id", id), ("note", $"{DateTime.UtcNow:HH:mm:ss} {note}"), ("newline", "\n")) == 1;
    }

    /// <summary>Records progress and the log tail, and returns why someone asked to cancel the run (null: nobody did).</summary>
    public async Task<string?> ReportAsync(string id, double progress, string? stage, string logTail, CancellationToken ct)
    {
        // One round trip per heartbeat: the update returns the cancel request (RETURNING: SQLite 3.35+, PostgreSQL).
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "UPDATE job_runs SET progress = @progress, stage = @stage, log_tail = @log_tail, heartbeat = @now WHERE id = @id AND state = 'running' " +
            "RETURNING CASE WHEN cancel_requested <> 0 THEN COALESCE(error, 'Cancelled on request.') END AS cancel_reason",
            ("id", id), ("progress", progress), ("stage", stage), ("log_tail", logTail), ("now", Time(DateTimeOffset.UtcNow)));
        var reason = await command.ExecuteScalarAsync(ct);
        return reason is string text ? text : null;
    }

    /// <summary>How many runs are running and queued (for /health).</summary>
    public async Task<(long Running, long Queued)> CountActiveAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0) AS running, COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) AS queued FROM job_runs WHERE state IN ('running', 'queued')");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Convert.ToInt64(reader.GetValue(reader.GetOrdinal("running")), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(reader.GetOrdinal("queued")), CultureInfo.InvariantCulture));
    }

    public async Task SetOutputDirectoryAsync(string id, string directory, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "UPDATE job_runs SET output_directory = @dir WHERE id = @id", ct, ("id", id), ("dir", directory));
    }

    /// <summary>Ends a run that is queued or running; false when it had already ended.</summary>
    public async Task<bool> FinishAsync(string id, RunState state, string? result, string? error, string? logTail, CancellationToken ct)
    {
        if (state is RunState.Queued or RunState.Running)
        {
            throw new ArgumentException($"A run cannot finish as {state}.", nameof(state));
        }

        await using var connection = await OpenAsync(ct);
        return await ExecuteAsync(connection,
            "UPDATE job_runs SET state = @state, result = @result, error = @error, finished_at = @now, log_tail = COALESCE(@log_tail, log_tail), " +
            "progress = CASE WHEN @state = 'succeeded' THEN 100 ELSE progress END, stage = CASE WHEN @state = 'succeeded' THEN 'done' ELSE stage END WHERE id = @id AND state IN ('queued', 'running')", ct,
            ("id", id), ("state", Name(state)), ("result", result), ("error", error), ("now", Time(DateTimeOffset.UtcNow)), ("log_tail", logTail)) == 1;
    }

    /// <summary>
    /// Asks a run to stop, saying why: a queued run is cancelled at once, a running one at its next progress report
    /// (the reason waits in <c>error</c> until the run records how it ended).
    /// </summary>
    public async Task<JobRun?> RequestCancelAsync(string id, string reason, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection,
            "UPDATE job_runs SET cancel_requested = 1, error = COALESCE(error, @reason) WHERE id = @id AND state = 'running' AND cancel_requested = 0", ct,
            ("id", id), ("reason", reason));
        await ExecuteAsync(connection,
            "UPDATE job_runs SET state = 'cancelled', cancel_requested = 1, finished_at = @now, error = @reason WHERE id = @id AND state = 'queued'", ct,
            ("id", id), ("now", Time(DateTimeOffset.UtcNow)), ("reason", $"{reason} It had not started."));
        var runs = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE id = @id", ct, ("id", id));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>
    /// Running runs that nobody is running any more: those of this host whose heartbeat stopped (the process just
    /// restarted, so they were cut short) and those of any host that has been silent for <paramref name="quietFor"/>.
    /// </summary>
    public async Task<IReadOnlyList<JobRun>> FindOrphansAsync(string host, TimeSpan hostQuietFor, TimeSpan quietFor, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenAsync(ct);
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE state = 'running' AND (heartbeat IS NULL OR heartbeat < @cutoff OR (host = @host AND heartbeat < @host_cutoff)) ORDER BY created_at", ct,
            ("host", host), ("cutoff", Time(now - quietFor)), ("host_cutoff", Time(now - hostQuietFor)));
    }

    /// <summary>Runs this host is running, as the registry records them.</summary>
    public async Task<IReadOnlyList<JobRun>> RunningOnHostAsync(string host, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE state = 'running' AND host = @host", ct, ("host", host));
    }

    public async Task AddScheduleAsync(Schedule schedule, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection,
            "INSERT INTO job_schedules (id, name, cron, store, parameters, created_at, paused) VALUES (@id, @name, @cron, @store, @parameters, @created_at, 0)", ct,
            ("id", schedule.Id), ("name", schedule.Name), ("cron", schedule.Cron), ("store", schedule.Store), ("parameters", schedule.Parameters),
            ("created_at", Time(schedule.CreatedAt)));
    }

    public async Task<Schedule?> GetScheduleAsync(string id, CancellationToken ct) => (await ReadSchedulesAsync(id, ct)).FirstOrDefault();

    public Task<IReadOnlyList<Schedule>> ListSchedulesAsync(CancellationToken ct) => ReadSchedulesAsync(null, ct);

    private async Task<IReadOnlyList<Schedule>> ReadSchedulesAsync(string? id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT id, name, cron, store, parameters, created_at, paused FROM job_schedules WHERE (@id IS NULL OR id = @id) ORDER BY created_at, id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var schedules = new List<Schedule>();
        while (await reader.ReadAsync(ct))
        {
            schedules.Add(new Schedule(reader.GetString(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("name")), reader.GetString(reader.GetOrdinal("cron")),
                reader.GetString(reader.GetOrdinal("store")), reader.GetString(reader.GetOrdinal("parameters")), ParseTime(reader.GetString(reader.GetOrdinal("created_at"))),
                Convert.ToInt32(reader.GetValue(reader.GetOrdinal("paused")), CultureInfo.InvariantCulture) != 0));
        }

        return schedules;
    }

    /// <summary>Pausing removes the schedule's recurring job from Hangfire; the registry remembers it to add it back on resume.</summary>
    public async Task<bool> SetSchedulePausedAsync(string id, bool paused, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ExecuteAsync(connection, "UPDATE job_schedules SET paused = @paused WHERE id = @id", ct, ("id", id), ("paused", paused ? 1 : 0)) == 1;
    }

    public async Task<bool> DeleteScheduleAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ExecuteAsync(connection, "DELETE FROM job_schedules WHERE id = @id", ct, ("id", id)) == 1;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await database.OpenAsync(ct);
        if (!_schemaReady)
        {
            await _schemaLock.WaitAsync(ct);
            try
            {
                if (!_schemaReady)
                {
                    // Processes starting together on one PostgreSQL would race in CREATE TABLE IF NOT EXISTS (a unique
                    // violation in pg_type): there the schema is made in a transaction under an advisory lock.
                    await using var transaction = database.Kind == JobDatabaseKind.Postgres ? await connection.BeginTransactionAsync(ct) : null;
                    async Task RunAsync(string sql)
                    {
                        await using var command = Command(connection, sql);
                        command.Transaction = transaction;
                        await command.ExecuteNonQueryAsync(ct);
                    }

                    if (transaction is not null)
                    {
                        await RunAsync("SELECT pg_advisory_xact_lock(hashtext('perturbkg job registry schema'))");
                    }

                    await RunAsync(Schema);

                    // Columns added after the first release: registries created before them gain them here.
                    foreach (var (table, column, type) in AddedColumns)
                    {
                        if (!await HasColumnAsync(connection, transaction, table, column, ct))
                        {
                            await RunAsync($"ALTER TABLE {table} ADD COLUMN {column} {type}");
                        }
                    }

                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(ct);
                    }

                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaLock.Release();
            }
        }

        return connection;
    }

    private static readonly (string Table, string Column, string Type)[] AddedColumns =
    [
        ("job_runs", "job_id", "TEXT"),
        ("job_schedules", "paused", "INTEGER NOT NULL DEFAULT 0"),
    ];

    private static async Task<bool> HasColumnAsync(DbConnection connection, DbTransaction? transaction, string table, string column, CancellationToken ct)
    {
        await using var probe = Command(connection, $"SELECT * FROM {table} WHERE 1 = 0");
        probe.Transaction = transaction;
        await using var reader = await probe.ExecuteReaderAsync(ct);
        return Enumerable.Range(0, reader.FieldCount).Any(i => string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase));
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS job_runs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            store TEXT NOT NULL,
            parameters TEXT NOT NULL,
            state TEXT NOT NULL,
            progress DOUBLE PRECISION NOT NULL DEFAULT 0,
            stage TEXT,
            log_tail TEXT NOT NULL DEFAULT '',
            result TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            heartbeat TEXT,
            host TEXT,
            attempt INTEGER NOT NULL DEFAULT 1,
            retry_of TEXT,
            schedule_id TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            output_directory TEXT,
            job_id TEXT);
        CREATE INDEX IF NOT EXISTS job_runs_by_state ON job_runs (state, kind, store);
        CREATE INDEX IF NOT EXISTS job_runs_by_time ON job_runs (created_at);
        CREATE TABLE IF NOT EXISTS job_schedules (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            cron TEXT NOT NULL,
            store TEXT NOT NULL,
            parameters TEXT NOT NULL,
            created_at TEXT NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0);
        """;

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<JobRun>> ReadAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new JobRun
            {
                Id = reader.GetString(reader.GetOrdinal("id")),
                Kind = reader.GetString(reader.GetOrdinal("kind")),
                Store = reader.GetString(reader.GetOrdinal("store")),
                Parameters = reader.GetString(reader.GetOrdinal("parameters")),
                State = Enum.Parse<RunState>(reader.GetString(reader.GetOrdinal("state")), ignoreCase: true),
                Progress = reader.GetDouble(reader.GetOrdinal("progress")),
                Stage = Text(reader, "stage"),
                LogTail = reader.GetString(reader.GetOrdinal("log_tail")),
                Result = Text(reader, "result"),
                Error = Text(reader, "error"),
                CreatedAt = ParseTime(reader.GetString(reader.GetOrdinal("created_at"))),
                StartedAt = Text(reader, "started_at") is { } started ? ParseTime(started) : null,
                FinishedAt = Text(reader, "finished_at") is { } finished ? ParseTime(finished) : null,
                Heartbeat = Text(reader, "heartbeat") is { } beat ? ParseTime(beat) : null,
                Host = Text(reader, "host"),
                Attempt = Convert.ToInt32(reader.GetValue(reader.GetOrdinal("attempt")), CultureInfo.InvariantCulture),
                RetryOf = Text(reader, "retry_of"),
                ScheduleId = Text(reader, "schedule_id"),
                CancelRequested = Convert.ToInt32(reader.GetValue(reader.GetOrdinal("cancel_requested")), CultureInfo.InvariantCulture) != 0,
                OutputDirectory = Text(reader, "output_directory"),
                JobId = Text(reader, "job_id"),
            });
        }

        return runs;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string? Text(DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    private static string Name(RunState state) => state.ToString().ToLowerInvariant();

    // Fixed-width UTC text sorts in time order on both databases.
    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
