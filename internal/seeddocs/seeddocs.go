// Package seeddocs holds the example responses of the two API pages the
// project started from, verbatim. It is a leaf package on purpose: the
// client's tests and the emulator's tests both compare against these
// documents, and neither side may import the other.
package seeddocs

// ListBody is the example response of the English "Querying Backup
// Shares" page, verbatim.
const ListBody = `{
        "shared": [
            {
                "backup": {
                    "availability_zone": "AZ1",
                    "container": null,
                    "created_at": "2017-08-08T04:03:27.456859",
                    "data_timestamp": "2017-08-08T04:03:27.456859",
                    "description": null,
                    "fail_reason": "Invalid InitiatorConnector protocol specified DSWARE",
                    "has_dependent_backups": null,
                    "id": "066b1e37-9305-4057-97e5-2e99b21fc71d",
                    "is_incremental": null,
                    "name": "lbf",
                    "object_count": null,
                    "size": 1,
                    "snapshot_id": null,
                    "status": "available",
                    "updated_at": "2017-08-08T04:03:35.109308",
                    "volume_id": "a7d7783f-02b7-4645-b0e3-61df63f0ba10",
                    "service_metadata": null
                },
                "backup_id": "066b1e37-9305-4057-97e5-2e99b21fc71d",
                "created_at": "2017-08-10T12:25:40.480424",
                "from_project_id": "c13f5220dc1949b0b741ea81a7cd5554",
                "id": "e842bf23-1e05-4c2c-b0f9-25222f4686da",
                "to_project_id": "722513ed0a324dadaabe5b2d0fe848b9",
                "updated_at": "2017-08-14T06:41:49.381069"
            },
            {
                "backup": {
                    "availability_zone": "AZ1",
                    "container": null,
                    "created_at": "2017-08-08T04:03:27.456859",
                    "data_timestamp": "2017-08-08T04:03:27.456859",
                    "description": null,
                    "fail_reason": "Invalid InitiatorConnector protocol specified DSWARE",
                    "has_dependent_backups": null,
                    "id": "066b1e37-9305-4057-97e5-2e99b21fc71d",
                    "is_incremental": null,
                    "name": "lbf",
                    "object_count": null,
                    "size": 1,
                    "snapshot_id": null,
                    "status": "available",
                    "updated_at": "2017-08-08T04:03:35.109308",
                    "volume_id": "a7d7783f-02b7-4645-b0e3-61df63f0ba10",
                    "service_metadata": null
                },
                "backup_id": "066b1e37-9305-4057-97e5-2e99b21fc71d",
                "created_at": "2017-08-10T12:19:37.318031",
                "from_project_id": "c13f5220dc1949b0b741ea81a7cd5554",
                "id": "f842bf23-1e05-4c2c-b0f9-25222f4686da",
                "to_project_id": "722513ed0a324dadaabe5b2d0fe848a9",
                "updated_at": null
            }
        ]
    }`

// GetBody is the example response of the Chinese page for one share,
// verbatim.
const GetBody = `{ "shared": { "backup": { "availability_zone": "AZ1", "container": null, "created_at": "2017-08-08T04:03:27.000000", "data_timestamp": "2017-08-08T04:03:27.000000", "description": null, "fail_reason": "Invalid InitiatorConnector protocol specified DSWARE", "has_dependent_backups": null, "id": "066b1e37-9305-4057-97e5-2e99b21fc71d", "is_incremental": null, "name": "lbf", "object_count": 0, "size": 1, "snapshot_id": null, "status": "available", "updated_at": "2017-08-16T07:24:24.786297", "volume_id": "a7d7783f-02b7-4645-b0e3-61df63f0ba10", "service_metadata": null }, "backup_id": "066b1e37-9305-4057-97e5-2e99b21fc71d", "created_at": "2017-08-22T08:43:16.699374", "from_project_id": "c13f5220dc1949b0b741ea81a7cd5554", "id": "8332443e-9866-41d8-8a58-a898cf5db030", "to_project_id": "722513ed0a324dadaabe5b2d0fe848c9", "updated_at": null } }`
