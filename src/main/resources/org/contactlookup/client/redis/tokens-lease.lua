-- Takes the refresh lease KEYS[1] for holder ARGV[1] for ARGV[2] ms when no one holds it (1),
-- or gives it back when ARGV[2] is 0 and ARGV[1] still holds it.
if ARGV[2] == '0' then
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
  end
  return 0
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
