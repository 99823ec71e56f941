import json, sys, urllib.request

inventory = json.load(urllib.request.urlopen(sys.argv[1]))
for cloud, kinds in inventory.items():
    if isinstance(kinds, dict):
        for kind, objects in kinds.items():
            names = ", ".join(o.get("name") or o.get("id", "?") for o in objects)
            print(f"{cloud} {kind}: {len(objects)} ({names})")
print(f"total live objects: {inventory.get('total')}")
