"""Operations: backup and restore of the database and the media folder (issue 13).

``pg`` runs the PostgreSQL client tools, ``crypto`` encrypts a backup as a stream,
``archive`` writes and reads a backup folder with its manifest of checksums.
"""
