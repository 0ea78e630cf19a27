/**
 * Who administers a room on a surface that has no authority of its own (the
 * console, the test scenario). Discord and Matrix read it from the platform
 * (permissions, power levels); here the first person who runs a command in a
 * room owns it, as the creator of a Matrix room holds power level 100, and
 * `/admin on|off` changes it explicitly. The console user is who they say
 * they are (`/as`), so this is for rehearsal and scripts, not a defence.
 */
export class RoomAdminLedger {
  private readonly owners = new Map<string, string>();
  private readonly explicit = new Map<string, boolean>();

  /** Records `user` as the room's owner if nobody has acted there yet; then answers whether `user` administers it. */
  touch(room: string, user: string): boolean {
    if (!this.owners.has(room)) this.owners.set(room, user);
    return this.isAdmin(room, user);
  }

  isAdmin(room: string, user: string): boolean {
    return this.explicit.get(key(room, user)) ?? this.owners.get(room) === user;
  }

  /** `/admin on|off`: makes `user` an administrator of `room`, or not, whoever owns it. */
  set(room: string, user: string, admin: boolean): void {
    this.owners.set(room, this.owners.get(room) ?? user);
    this.explicit.set(key(room, user), admin);
  }
}

const key = (room: string, user: string): string => `${room}\u0000${user}`;
